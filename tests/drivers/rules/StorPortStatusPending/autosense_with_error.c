// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=pass
// expect-kind: physical
/*
 * Near miss: SRB_STATUS_AUTOSENSE_VALID with an error status is a real status.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_AUTOSENSE_VALID | SRB_STATUS_ERROR;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);  // ok: StorPortStatusPending
    return TRUE;
}

#include "../_skel_end.h"
