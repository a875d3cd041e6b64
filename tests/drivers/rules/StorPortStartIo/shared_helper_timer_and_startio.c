// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=defect
// expect-kind: physical
/*
 * A helper shared by the timer and StartIo stalls: only the StartIo path is reported
 * (the timer is not HwStorStartIo), at the stall inside the helper.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_OWN_STARTIO

static VOID
SkelSettle(PSKEL_EXT ext)
{
    StorPortStallExecution(50);  // expect: StorPortStartIo
    ext->Count++;
}

VOID
SkelTimer(PVOID DeviceExtension)
{
    SkelSettle((PSKEL_EXT)DeviceExtension);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, SkelTimer, 10000);
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    SkelSettle((PSKEL_EXT)DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
