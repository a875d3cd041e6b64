// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=defect
// expect-kind: physical
/*
 * A missing break: the restart case falls through into the default, which overwrites
 * the helper's success with a failure.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

static SCSI_ADAPTER_CONTROL_STATUS
SkelReinit(PSKEL_EXT ext)
{
    ext->Ready = TRUE;
    return ScsiAdapterControlSuccess;
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    SCSI_ADAPTER_CONTROL_STATUS status = ScsiAdapterControlSuccess;

    UNREFERENCED_PARAMETER(Parameters);
    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
    case ScsiStopAdapter:
        break;
    case ScsiRestartAdapter:
        status = SkelReinit((PSKEL_EXT)DeviceExtension);
    default:
        status = ScsiAdapterControlUnsuccessful;
        break;
    }
    return status;  // expect: StorPortAdapterControl
}

#include "../_skel_end.h"
