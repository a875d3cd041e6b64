// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=pass
// expect-kind: physical
/*
 * Near miss: the queue-full path sets SRB_STATUS_BUSY before completing.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_PENDING;
    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) == 0) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);  // ok: StorPortStatusPending
        return TRUE;
    }
    ext->Active = Srb;
    return TRUE;
}

#include "../_skel_end.h"
