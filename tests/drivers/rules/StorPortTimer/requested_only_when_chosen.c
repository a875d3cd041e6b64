// check-rules: StorPortTimer
// expect-status: StorPortTimer=pass
// expect-kind: physical
/*
 * Near miss, path-sensitive: the same choice, requested only when a routine was chosen.
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
    if (routine != NULL) {
        StorPortNotification(RequestTimerCall, ext, routine, 10000);  // todo-ok: StorPortTimer -- the join after the choice keeps that routine is not NULL here, not that it is SkelTimer
    }
    return TRUE;
}

#include "../_skel_end.h"
