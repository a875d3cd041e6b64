// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=defect
// expect-kind: physical
/*
 * Path-sensitive: a zero-length request is refused; it is completed only when it also
 * has no buffer, so the path with a buffer returns FALSE with the SRB open.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->DataTransferLength == 0) {
        if (Srb->DataBuffer == NULL) {
            Srb->SrbStatus = SRB_STATUS_SUCCESS;
            StorPortNotification(RequestComplete, DeviceExtension, Srb);
        }
        return FALSE;  // expect: StorPortBuildIo
    }
    return TRUE;
}

#include "../_skel_end.h"
