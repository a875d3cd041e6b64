// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=pass
// expect-kind: physical
/*
 * Near miss, path-sensitive: the error path frees the buffer and records it; the common
 * exit frees it only when the flag says it is still held.
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
    BOOLEAN freed = FALSE;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType != ScsiStopAdapter) {
        return ScsiAdapterControlSuccess;
    }
    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 0x1) {
        StorPortFreePool(ext, ext->Buffer);
        freed = TRUE;
    }
    if (!freed) {
        StorPortFreePool(ext, ext->Buffer);  // ok: StorPortAllocatePool
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
