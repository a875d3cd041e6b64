// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=defect
// expect-kind: physical
/*
 * The switch handles stop and restart but forgets ScsiQuerySupportedControlTypes, which
 * falls to the default's failure.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    switch (ControlType) {
    case ScsiStopAdapter:
        ext->Ready = FALSE;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        ext->Ready = TRUE;
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;  // expect: StorPortAdapterControl
    }
}

#include "../_skel_end.h"
