// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=pass
// expect-kind: physical
/*
 * Near miss: the second free is of the NULL the first one left, guarded or not: a free
 * of NULL frees no block.
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
    if (ControlType == ScsiStopAdapter) {
        StorPortFreePool(ext, ext->Buffer);
        ext->Buffer = NULL;
        if (ext->Buffer != NULL) {
            StorPortFreePool(ext, ext->Buffer);  // ok: StorPortAllocatePool
        }
        StorPortFreePool(ext, ext->Buffer);  // ok: StorPortAllocatePool
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
