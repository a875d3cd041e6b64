// check-rules: StorPortNotification
// expect-status: StorPortNotification=defect
// expect-kind: physical
/*
 * Passing the completed SRB to a Storport routine that uses it.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVOID mdl = NULL;

    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    StorPortGetOriginalMdl(DeviceExtension, Srb, &mdl);  // expect: StorPortNotification
    return TRUE;
}

#include "../_skel_end.h"
