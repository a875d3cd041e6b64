// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=pass
// expect-kind: physical
/*
 * Near miss: BuildIo refuses (and completes) the SRBs that would need the allocation, so
 * StartIo never sees one; BuildIo may allocate.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->DataTransferLength > 0x10000) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return FALSE;
    }
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (Srb->DataTransferLength > 0x10000) {
        ext->Buffer = MmAllocateNonCachedMemory(Srb->DataTransferLength);  // ok: StorPortStartIo
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
