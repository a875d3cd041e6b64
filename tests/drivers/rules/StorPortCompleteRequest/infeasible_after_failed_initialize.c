// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=pass, StorPortDDIsPortOnly=pass
// expect-kind: physical
/*
 * Near miss: the flush is in HwStorInitialize after a check that always fails the path
 * first (the zero-filled extension has no registers mapped).
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (ext->Registers == NULL) {
        return TRUE;
    }
    StorPortCompleteRequest(ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_ERROR);  // ok: StorPortCompleteRequest, StorPortDDIsPortOnly
    return TRUE;
}

#include "../_skel_end.h"
