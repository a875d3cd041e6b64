// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=defect
// expect-kind: physical
/*
 * StartIo allocates pool for a sense buffer copy.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (Srb->SenseInfoBufferLength != 0) {
        ext->Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, Srb->SenseInfoBufferLength, 'sneS');  // expect: StorPortStartIo
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
