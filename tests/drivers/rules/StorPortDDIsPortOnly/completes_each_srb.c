// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=not_applicable
// expect-kind: physical
/*
 * Near miss, not applicable: the reset completes each outstanding SRB itself with
 * StorPortNotification(RequestComplete, ...), as a miniport should.
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
        StorPortNotification(RequestComplete, ext, ext->Active);  // ok: StorPortDDIsPortOnly
        ext->Active = NULL;
    }
    if (ext->Pending != NULL) {
        ext->Pending->SrbStatus = SRB_STATUS_BUS_RESET;
        StorPortNotification(RequestComplete, ext, ext->Pending);  // ok: StorPortDDIsPortOnly
        ext->Pending = NULL;
    }
    StorPortNotification(ResetDetected, ext, 0);
    return TRUE;
}

#include "../_skel_end.h"
