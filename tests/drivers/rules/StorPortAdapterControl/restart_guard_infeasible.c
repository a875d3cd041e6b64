// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=pass
// expect-kind: physical
/*
 * Near miss: restart fails only when the adapter never initialised, which cannot happen
 * on a harness path (HwStorInitialize ran and set Ready first).
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter && !ext->Ready) {
        return ScsiAdapterControlUnsuccessful;  // ok: StorPortAdapterControl
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
