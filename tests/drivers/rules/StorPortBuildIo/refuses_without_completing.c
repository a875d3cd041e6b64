// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=defect
// expect-kind: physical
/*
 * BuildIo refuses an oversized transfer without completing it.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    if (Srb->DataTransferLength > 0x20000) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        return FALSE;  // expect: StorPortBuildIo
    }
    return TRUE;
}

#include "../_skel_end.h"
