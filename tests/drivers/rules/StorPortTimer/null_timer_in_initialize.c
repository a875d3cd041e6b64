// check-rules: StorPortTimer
// expect-status: StorPortTimer=defect
// expect-kind: physical
/*
 * HwStorInitialize "cancels" a timer that was never started by passing NULL.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Ready = TRUE;
    StorPortNotification(RequestTimerCall, ext, NULL, 0);  // expect: StorPortTimer
    return TRUE;
}

#include "../_skel_end.h"
