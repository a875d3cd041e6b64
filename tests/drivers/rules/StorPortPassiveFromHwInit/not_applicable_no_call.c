// check-rules: StorPortPassiveFromHwInit
// expect-status: StorPortPassiveFromHwInit=not_applicable
// expect-kind: physical
/*
 * AdapterControl re-runs HwStorInitialize, but nothing calls
 * StorPortEnablePassiveInitialization.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

BOOLEAN SkelInitialize(PVOID DeviceExtension);

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        SkelInitialize(DeviceExtension);
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
