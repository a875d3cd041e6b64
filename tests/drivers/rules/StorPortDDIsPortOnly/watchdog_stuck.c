// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * Path-sensitive: the timer flushes only after the adapter has been stuck for a number
 * of ticks read from the hardware.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

VOID
SkelWatchdog(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG stuck = StorPortReadRegisterUlong(ext, (PULONG)(ext->Registers + 8));

    if (stuck > 30) {
        StorPortCompleteRequest(ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);  // expect: StorPortDDIsPortOnly
        return;
    }
    StorPortNotification(RequestTimerCall, ext, SkelWatchdog, 1000000);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, SkelWatchdog, 1000000);
    return TRUE;
}

#include "../_skel_end.h"
