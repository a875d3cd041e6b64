// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=defect
// expect-kind: physical
/*
 * BuildIo then StartIo on the same SRB: the BuildIo marks the SRB as needing a bounce
 * buffer, and StartIo allocates it with MmAllocateNonCachedMemory.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->QueueAction = 1;
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (Srb->QueueAction == 1) {
        ext->Buffer = MmAllocateNonCachedMemory(4096);  // expect: StorPortStartIo
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
