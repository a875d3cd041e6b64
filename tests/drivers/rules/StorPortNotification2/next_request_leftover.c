// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=defect
// expect-kind: physical
/*
 * A SCSI-port leftover: StartIo asks for the next request after completing one.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);  // ok: StorPortNotification2
    StorPortNotification(NextRequest, DeviceExtension);  // expect: StorPortNotification2
    return TRUE;
}

#include "../_skel_end.h"
