// check-rules: SpNoWait
// expect-status: SpNoWait=pass
// expect-kind: physical
/*
 * Near miss, infeasible: a helper shared by the timer and StartIo stalls only when its
 * caller allows it, and StartIo never does.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

#define SKEL_OWN_INITIALIZE

static VOID
SkelKick(PSKEL_EXT ext, BOOLEAN mayStall)
{
    StorPortWriteRegisterUlong(ext, (PULONG)ext->Registers, 1);
    if (mayStall) {
        StorPortStallExecution(100);  // ok: SpNoWait
    }
}

VOID
SkelTimer(PVOID DeviceExtension)
{
    SkelKick((PSKEL_EXT)DeviceExtension, TRUE);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, SkelTimer, 1000);
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    SkelKick((PSKEL_EXT)DeviceExtension, FALSE);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
