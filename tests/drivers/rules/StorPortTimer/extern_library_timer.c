// check-rules: StorPortTimer
// expect-status: StorPortTimer=defect
// expect-kind: physical
/*
 * The timer routine is an extern of a support library with no body in the driver.
 */
#include "../_skel_begin.h"
VOID SkelLibWatchdog(PVOID DeviceExtension);

#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, SkelLibWatchdog, 1000000);  // expect: StorPortTimer
    return TRUE;
}

#include "../_skel_end.h"
