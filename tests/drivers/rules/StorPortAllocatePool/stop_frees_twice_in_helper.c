// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=defect
// expect-kind: physical
/*
 * Stopping the adapter frees its buffer, then a teardown helper frees it again.
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

static VOID
SkelTeardown(PSKEL_EXT ext)
{
    ext->Ready = FALSE;
    StorPortFreePool(ext, ext->Buffer);  // expect: StorPortAllocatePool
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
        SkelTeardown(ext);
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
