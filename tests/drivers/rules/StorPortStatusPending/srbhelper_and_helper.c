// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=defect
// expect-kind: physical
/*
 * The status is set with the srbhelper.h accessor, and the completion is in a helper.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static VOID
SkelFinish(PSKEL_EXT ext, PSCSI_REQUEST_BLOCK srb)
{
    StorPortNotification(RequestComplete, ext, srb);  // expect: StorPortStatusPending
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    SrbSetSrbStatus(Srb, SRB_STATUS_PENDING);
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        SkelFinish((PSKEL_EXT)DeviceExtension, Srb);
    }
    return TRUE;
}

#include "../_skel_end.h"
