// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=defect
// expect-kind: physical
/*
 * BuildIo allocates a bounce buffer, ignores the status and frees it at the end: on the
 * path where the allocation failed, the free gets the NULL the failure left.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVOID bounce;

    StorPortAllocatePool(DeviceExtension, 4096, 'ecnB', &bounce);
    Srb->SrbFlags |= SRB_FLAGS_DISABLE_DISCONNECT;
    StorPortFreePool(DeviceExtension, bounce);  // expect: StorPortAllocatePool2
    return TRUE;
}

#include "../_skel_end.h"
