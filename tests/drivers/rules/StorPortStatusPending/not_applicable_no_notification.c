// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=not_applicable
// expect-kind: physical
/*
 * The driver never calls StorPortNotification (it only fails every request from
 * StartIo's return value): not applicable.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return FALSE;
}

#include "../_skel_end.h"
