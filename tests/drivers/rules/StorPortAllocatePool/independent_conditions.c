// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=defect
// expect-kind: physical
/*
 * Path-sensitive: two independent hardware conditions each free the buffer; the path
 * where both hold frees it twice.
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
    ULONG status;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType != ScsiStopAdapter) {
        return ScsiAdapterControlSuccess;
    }
    status = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);
    if (status & 0x1) {
        StorPortFreePool(ext, ext->Buffer);
    }
    if (status & 0x2) {
        StorPortFreePool(ext, ext->Buffer);  // expect: StorPortAllocatePool
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
