// check-rules: StorPortTimer
// expect-status: StorPortTimer=defect
// expect-kind: physical
/*
 * StorPortRequestTimer from the interrupt routine, through a helper whose callback
 * argument one caller leaves NULL.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

typedef struct _TMR_EXT {
    SKEL_EXT Base;
    PVOID Timer;
} TMR_EXT, *PTMR_EXT;

VOID
SkelRetry(PVOID DeviceExtension, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    ((PTMR_EXT)DeviceExtension)->Base.Count = 0;
}

static VOID
SkelArm(PTMR_EXT ext, PHW_TIMER_EX callback, ULONG usec)
{
    StorPortRequestTimer(ext, ext->Timer, callback, ext, usec, 0);  // expect: StorPortTimer
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PTMR_EXT ext = (PTMR_EXT)DeviceExtension;
    ULONG cause = StorPortReadRegisterUlong(ext, (PULONG)ext->Base.Registers);

    if (cause & 1) {
        SkelArm(ext, SkelRetry, 500);
    } else if (cause & 2) {
        SkelArm(ext, NULL, 0);
    }
    return cause != 0;
}

#include "../_skel_end.h"
