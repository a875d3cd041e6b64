// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=defect
// expect-kind: physical
/*
 * Restart returns the status of a helper that fails when re-initialisation fails.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

static SCSI_ADAPTER_CONTROL_STATUS
SkelRestart(PSKEL_EXT ext)
{
    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) == 0xFFFFFFFF) {
        return ScsiAdapterControlUnsuccessful;
    }
    return ScsiAdapterControlSuccess;
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    SCSI_ADAPTER_CONTROL_STATUS status = ScsiAdapterControlSuccess;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        status = SkelRestart((PSKEL_EXT)DeviceExtension);
    }
    return status;  // expect: StorPortAdapterControl -- "returns a value other than ScsiAdapterControlSuccess"
}

#include "../_skel_end.h"
