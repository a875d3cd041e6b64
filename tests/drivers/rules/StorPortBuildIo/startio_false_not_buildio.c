// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=pass
// expect-kind: physical
/*
 * Near miss: BuildIo accepts everything; HwStorStartIo, on the same SRB, refuses some
 * requests by returning FALSE, which is not this rule's business.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        return FALSE;  // ok: StorPortBuildIo
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

#include "../_skel_end.h"
