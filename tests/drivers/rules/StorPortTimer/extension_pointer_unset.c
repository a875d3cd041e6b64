// check-rules: StorPortTimer
// expect-status: StorPortTimer=defect
// expect-kind: physical
/*
 * The routine is kept in a device-extension field that no routine on the path set:
 * the zero-filled extension makes it NULL.
 */
#include "../_skel_begin.h"
typedef struct _TMR_EXT {
    SKEL_EXT Base;
    PHW_TIMER Watchdog;
} TMR_EXT, *PTMR_EXT;

#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTMR_EXT ext = (PTMR_EXT)DeviceExtension;

    StorPortNotification(RequestTimerCall, ext, ext->Watchdog, 30000);  // expect: StorPortTimer
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
