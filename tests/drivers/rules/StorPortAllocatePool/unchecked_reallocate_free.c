// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=pass
// expect-kind: physical
/*
 * Near miss: the reallocation's status is not checked, but its failure leaves NULL in
 * the pointer, and freeing that NULL frees nothing (StorPortAllocatePool2's business).
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortAllocatePool(ext, 512, 'lkS0', &ext->Buffer) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    return TRUE;
}

#define SKEL_HAS_ADAPTER_CONTROL

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        StorPortFreePool(ext, ext->Buffer);
        StorPortAllocatePool(ext, 1024, 'lkS2', &ext->Buffer);
        StorPortFreePool(ext, ext->Buffer);  // ok: StorPortAllocatePool
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
