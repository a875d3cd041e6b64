// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=defect
// expect-kind: physical
/*
 * Stop returns TRUE, meant as "done": that is 1, ScsiAdapterControlUnsuccessful.
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
        ext->Ready = FALSE;
        return (SCSI_ADAPTER_CONTROL_STATUS)TRUE;  // expect: StorPortAdapterControl
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
