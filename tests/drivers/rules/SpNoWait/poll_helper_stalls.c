// check-rules: SpNoWait
// expect-status: SpNoWait=defect
// expect-kind: physical
/*
 * A register-polling helper stalls between reads; StartIo calls it for every command.
 * Reported at the stall in the helper.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static BOOLEAN
SkelWaitReady(PSKEL_EXT ext)
{
    ULONG tries;

    for (tries = 0; tries < 100; tries++) {
        if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 1) {
            return TRUE;
        }
        StorPortStallExecution(10);  // expect: SpNoWait
    }
    return FALSE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (!SkelWaitReady((PSKEL_EXT)DeviceExtension)) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
