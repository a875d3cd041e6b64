// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=pass
// expect-kind: physical
/*
 * Near miss: the status comes from a hardware register the path cannot decide; only a
 * status the path shows to be SRB_STATUS_PENDING is reported.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    Srb->SrbStatus = (UCHAR)StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);
    StorPortNotification(RequestComplete, ext, Srb);  // ok: StorPortStatusPending
    return TRUE;
}

#include "../_skel_end.h"
