// check-rules: StorPortTimer
// expect-status: StorPortTimer=pass
// expect-kind: physical
/*
 * Near miss: StorPortRequestTimer with a routine the driver defines, on a timer handle
 * from StorPortInitializeTimer; the other notifications' third arguments (an SRB, none)
 * are not timers.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_OWN_STARTIO

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

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PTMR_EXT ext = (PTMR_EXT)DeviceExtension;

    return StorPortInitializeTimer(ext, &ext->Timer) == STOR_STATUS_SUCCESS;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTMR_EXT ext = (PTMR_EXT)DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_RESET_BUS) {
        StorPortNotification(ResetDetected, ext, 0);  // ok: StorPortTimer
        StorPortRequestTimer(ext, ext->Timer, SkelRetry, Srb, 2000000, 1000);  // ok: StorPortTimer
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);  // ok: StorPortTimer
    return TRUE;
}

#include "../_skel_end.h"
