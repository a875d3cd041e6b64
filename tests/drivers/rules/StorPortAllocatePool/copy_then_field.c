// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=defect
// expect-kind: physical
/*
 * The block is freed through a local copy, then through the field it was copied from.
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
    PVOID old;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        old = ext->Buffer;
        StorPortFreePool(ext, old);
        ext->Spare = NULL;
        StorPortFreePool(ext, ext->Buffer);  // expect: StorPortAllocatePool
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
