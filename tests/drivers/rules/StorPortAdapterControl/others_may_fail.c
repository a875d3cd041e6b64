// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=pass
// expect-kind: physical
/*
 * Near miss: only control types outside the three may fail.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Parameters);
    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
    case ScsiStopAdapter:
    case ScsiRestartAdapter:
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;  // ok: StorPortAdapterControl
    }
}

#include "../_skel_end.h"
