// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=defect
// expect-kind: physical
/*
 * Stopping the adapter flushes kernel DPCs from AdapterControl, and the reset routine
 * sets a kernel timer: two callbacks, one defect each.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL
#define SKEL_HAS_RESET_BUS

typedef struct _PD_EXT {
    SKEL_EXT Base;
    KTIMER Retry;
} PD_EXT, *PPD_EXT;

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        KeFlushQueuedDpcs();  // expect: HwStorPortProhibitedDDIs
    }
    return ScsiAdapterControlSuccess;
}

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PPD_EXT ext = (PPD_EXT)DeviceExtension;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(PathId);
    due.QuadPart = -10000;
    KeSetTimer(&ext->Retry, due, NULL);  // expect: HwStorPortProhibitedDDIs
    return TRUE;
}

#include "../_skel_end.h"
