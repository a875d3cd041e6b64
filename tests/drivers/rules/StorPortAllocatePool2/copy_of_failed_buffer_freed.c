// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=defect
// expect-kind: physical
/*
 * The unchecked buffer is copied into the extension and freed through the copy: the
 * same NULL, reported at the free.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PVOID scratch;

    StorPortAllocatePool(ext, 64, 'rcS1', &scratch);
    ext->Spare = scratch;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    StorPortFreePool(ext, ext->Spare);  // expect: StorPortAllocatePool2
    return TRUE;
}

#include "../_skel_end.h"
