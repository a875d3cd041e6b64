// check-rules: StorPortNotification
// expect-status: StorPortNotification=pass
// expect-kind: physical
/*
 * Near miss: two different SRBs: completing the active one does not make the new one
 * Storport's.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PSCSI_REQUEST_BLOCK previous = ext->Pending;

    if (previous != NULL && previous != Srb) {
        previous->SrbStatus = SRB_STATUS_ABORTED;
        StorPortNotification(RequestComplete, ext, previous);
    }
    ext->Pending = Srb;
    Srb->SrbStatus = SRB_STATUS_PENDING;  // ok: StorPortNotification
    return TRUE;
}

#include "../_skel_end.h"
