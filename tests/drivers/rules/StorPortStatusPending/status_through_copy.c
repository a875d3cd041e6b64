// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=defect
// expect-kind: physical
/*
 * A copy of the SRB pointer: the status written through the copy is the SRB's.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PSCSI_REQUEST_BLOCK request;

    ext->Pending = Srb;
    request = ext->Pending;
    request->SrbStatus = SRB_STATUS_PENDING;
    StorPortNotification(RequestComplete, ext, Srb);  // expect: StorPortStatusPending
    return TRUE;
}

#include "../_skel_end.h"
