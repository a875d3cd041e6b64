// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=defect
// expect-kind: physical
/*
 * StartIo marks the SRB pending, then completes it at once when the queue is full.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_PENDING;
    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) == 0) {
        StorPortNotification(RequestComplete, ext, Srb);  // expect: StorPortStatusPending
        return TRUE;
    }
    ext->Active = Srb;
    return TRUE;
}

#include "../_skel_end.h"
