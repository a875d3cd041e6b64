// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=not_applicable
// expect-kind: physical
/*
 * No HwStorBuildIo: StartIo refusing a request is not this rule's business, and the rule
 * is not applicable.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        return FALSE;
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
