// check-rules: StorPortNotification
// expect-status: StorPortNotification=pass
// expect-kind: physical
/*
 * Near miss: BuildIo completes the SRB it refuses (and returns FALSE), StartIo never
 * sees it; the other SRBs are completed once, in StartIo.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->CdbLength > 16) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);  // ok: StorPortNotification
        return FALSE;
    }
    return TRUE;
}

#include "../_skel_end.h"
