// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=pass
// expect-kind: physical
/*
 * Near miss: every documented type the driver uses -- completion, reset, timer, bus
 * change, tick count, service time.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

VOID
SkelTimer(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    LARGE_INTEGER ticks;

    StorPortNotification(QueryTickCount, DeviceExtension, &ticks);
    if (Srb->Function == SRB_FUNCTION_RESET_BUS) {
        StorPortNotification(ResetDetected, DeviceExtension, 0);
        StorPortNotification(BusChangeDetected, DeviceExtension, 0);
        StorPortNotification(RequestTimerCall, DeviceExtension, SkelTimer, 1000);
    }
    StorPortNotification(IoTargetRequestServiceTime, DeviceExtension, 100, Srb);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);  // ok: StorPortNotification2
    return TRUE;
}

#include "../_skel_end.h"
