// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=defect
// expect-kind: physical
/*
 * ScsiStopAdapter fails when the hardware does not acknowledge.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) != 0) {
            return ScsiAdapterControlUnsuccessful;  // expect: StorPortAdapterControl
        }
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
