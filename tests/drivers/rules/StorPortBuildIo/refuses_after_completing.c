// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=pass
// expect-kind: physical
/*
 * Near miss: the refused SRB is completed before BuildIo returns FALSE, in a helper.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

static VOID
SkelFail(PVOID ext, PSCSI_REQUEST_BLOCK srb, UCHAR status)
{
    srb->SrbStatus = status;
    StorPortNotification(RequestComplete, ext, srb);
}

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->DataTransferLength > 0x20000) {
        SkelFail(DeviceExtension, Srb, SRB_STATUS_INVALID_REQUEST);
        return FALSE;  // ok: StorPortBuildIo
    }
    return TRUE;
}

#include "../_skel_end.h"
