// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=pass
// expect-kind: physical
/*
 * Near miss: restart re-runs HwStorInitialize and maps its BOOLEAN onto the status;
 * HwStorInitialize always succeeds, so the failure arm is infeasible.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Ready = TRUE;
    ext->Count = 0;
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        return SkelInitialize(DeviceExtension) ? ScsiAdapterControlSuccess
                                               : ScsiAdapterControlUnsuccessful;  // ok: StorPortAdapterControl
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
