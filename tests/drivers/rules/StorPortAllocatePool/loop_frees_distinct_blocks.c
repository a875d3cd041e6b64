// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=pass
// expect-kind: physical
/*
 * Near miss: a loop frees distinct blocks, one per queue.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

#define SKEL_QUEUES 4

static PVOID SkelQueues[SKEL_QUEUES];

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG i;

    for (i = 0; i < SKEL_QUEUES; i++) {
        if (StorPortAllocatePool(ext, 256, 'lkSq', &SkelQueues[i]) != STOR_STATUS_SUCCESS) {
            SkelQueues[i] = NULL;
        }
    }
    return TRUE;
}

#define SKEL_HAS_ADAPTER_CONTROL

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    ULONG i;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        for (i = 0; i < SKEL_QUEUES; i++) {
            if (SkelQueues[i] != NULL) {
                StorPortFreePool(DeviceExtension, SkelQueues[i]);  // ok: StorPortAllocatePool
                SkelQueues[i] = NULL;
            }
        }
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
