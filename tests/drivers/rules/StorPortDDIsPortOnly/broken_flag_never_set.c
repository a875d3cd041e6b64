// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=pass
// expect-kind: physical
/*
 * Near miss, infeasible: the flush is only for an adapter that FindAdapter marked
 * broken, and it never does.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_RESET_BUS

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    if (ext->Flags & 0x8000) {
        StorPortCompleteRequest(ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);  // ok: StorPortDDIsPortOnly
    }
    StorPortNotification(ResetDetected, ext, 0);
    return TRUE;
}

#include "../_skel_end.h"
