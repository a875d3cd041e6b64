// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=pass
// expect-kind: physical
/*
 * Near miss: the buffer is freed, reallocated (status checked) and freed again: the
 * second free is of a new block.
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
        if (StorPortAllocatePool(ext, 1024, 'lkS1', &ext->Buffer) != STOR_STATUS_SUCCESS) {
            ext->Buffer = NULL;
            return ScsiAdapterControlSuccess;
        }
        ext->Count = 1024;
        StorPortFreePool(ext, ext->Buffer);  // ok: StorPortAllocatePool
        ext->Buffer = NULL;
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
