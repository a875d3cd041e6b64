// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=pass, StorPortDDIsPortOnly=pass
// expect-kind: physical
/*
 * Near miss: the reset completes the one request the driver owns with
 * StorPortNotification; StorPortCompleteRequest appears only in a dead branch.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_RESET_BUS

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    if (ext->Active != NULL) {
        ext->Active->SrbStatus = SRB_STATUS_BUS_RESET;
        StorPortNotification(RequestComplete, ext, ext->Active);
        ext->Active = NULL;
    }
    if (ext->Flags & 0x8000) {
        StorPortCompleteRequest(ext, 0, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);  // ok: StorPortCompleteRequest, StorPortDDIsPortOnly
    }
    return TRUE;
}

#include "../_skel_end.h"
