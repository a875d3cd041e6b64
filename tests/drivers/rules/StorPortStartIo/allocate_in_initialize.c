// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=pass
// expect-kind: physical
/*
 * Near miss: the buffer is allocated once in HwStorInitialize and reused by StartIo.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_OWN_STARTIO

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, 256, 'sneS');  // ok: StorPortStartIo
    return ext->Buffer != NULL;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (Srb->SenseInfoBufferLength != 0 && ext->Buffer != NULL) {
        StorPortCopyMemory(ext->Buffer, Srb->SenseInfoBuffer, Srb->SenseInfoBufferLength);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
