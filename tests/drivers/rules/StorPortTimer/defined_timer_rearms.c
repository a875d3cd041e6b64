// check-rules: StorPortTimer
// expect-status: StorPortTimer=pass
// expect-kind: physical
/*
 * Near miss: the timer routine is defined in the driver, requested from HwStorInitialize
 * and re-armed from itself; no role-type declaration is needed.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

VOID
SkelTimer(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (++ext->Count < 10) {
        StorPortNotification(RequestTimerCall, ext, SkelTimer, 1000);  // ok: StorPortTimer
    }
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, SkelTimer, 5000);  // ok: StorPortTimer
    return TRUE;
}

#include "../_skel_end.h"
