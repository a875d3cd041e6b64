// check-rules: SpNoWait
// expect-status: SpNoWait=defect
// expect-kind: physical
/*
 * StartIo allocates a bounce buffer from pool for unaligned transfers (path-sensitive:
 * only that branch).
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (((ULONG_PTR)Srb->DataBuffer & 0x3) != 0) {
        ext->Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, Srb->DataTransferLength, 'ecnB');  // expect: SpNoWait
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
