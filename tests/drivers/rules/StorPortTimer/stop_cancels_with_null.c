// check-rules: StorPortTimer
// expect-status: StorPortTimer=defect
// expect-kind: physical
/*
 * AdapterControl cancels the timer on stop with a NULL routine (Storport cancels with the
 * same routine and a zero interval).
 */
#include "../_skel_begin.h"
VOID
SkelTimer(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Count++;
}

#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, SkelTimer, 10000);
    return TRUE;
}

#define SKEL_HAS_ADAPTER_CONTROL

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        StorPortNotification(RequestTimerCall, DeviceExtension, NULL, 0);  // expect: StorPortTimer
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
