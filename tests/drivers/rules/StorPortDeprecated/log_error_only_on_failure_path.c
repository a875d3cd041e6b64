// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=defect
// expect-kind: physical
/*
 * StartIo logs a timeout only when the hardware reports one: the call is on a feasible
 * path, so it is reported.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) == 0xFFFFFFFF) {
        StorPortLogError(ext, Srb, Srb->PathId, Srb->TargetId, Srb->Lun,  // expect: StorPortDeprecated
                         SP_REQUEST_TIMEOUT, 2);
        Srb->SrbStatus = SRB_STATUS_TIMEOUT;
    } else {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
