// check-rules: StorPortTimer
// expect-status: StorPortTimer=defect
// expect-kind: physical
/*
 * Path-sensitive: the routine is chosen only when polling is enabled, but the request
 * is made on every path.
 */
#include "../_skel_begin.h"
VOID
SkelTimer(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Count++;
}

#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PHW_TIMER routine = NULL;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 0x4) {
        routine = SkelTimer;
    }
    StorPortNotification(RequestTimerCall, ext, routine, 10000);  // expect: StorPortTimer
    return TRUE;
}

#include "../_skel_end.h"
