// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=defect, StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * StartIo's abort handling calls a helper that completes a LUN's requests at once.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static VOID
SkelFlushLun(PSKEL_EXT ext, PSCSI_REQUEST_BLOCK srb)
{
    StorPortCompleteRequest(ext, srb->PathId, srb->TargetId, srb->Lun, SRB_STATUS_ABORTED);  // expect: StorPortCompleteRequest, StorPortDDIsPortOnly
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->Function == SRB_FUNCTION_ABORT_COMMAND) {
        SkelFlushLun((PSKEL_EXT)DeviceExtension, Srb);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
