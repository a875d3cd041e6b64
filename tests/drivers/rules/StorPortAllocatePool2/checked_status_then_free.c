// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=pass
// expect-kind: physical
/*
 * Near miss: the status is checked and the failure returns before the free.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVOID bounce;
    ULONG status;

    status = StorPortAllocatePool(DeviceExtension, 4096, 'ecnB', &bounce);
    if (status != STOR_STATUS_SUCCESS) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return FALSE;
    }
    StorPortFreePool(DeviceExtension, bounce);  // ok: StorPortAllocatePool2
    return TRUE;
}

#include "../_skel_end.h"
