// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=pass
// expect-kind: physical
/*
 * The interrupt completes the active SRB that StartIo marked pending, without setting a
 * final status when the controller reports "no status". A known miss: the paths where the
 * status was and was not overwritten merge before the completion, and the merged status
 * is only possibly SRB_STATUS_PENDING, which the rule does not report (it cannot tell it
 * from a status no code wrote).
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG done = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);

    if (done & 1) {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }
    StorPortNotification(RequestComplete, ext, Srb);  // todo-expect: StorPortStatusPending
    return TRUE;
}

#include "../_skel_end.h"
