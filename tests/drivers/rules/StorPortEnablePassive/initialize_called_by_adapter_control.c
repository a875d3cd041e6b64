// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=pass
// expect-kind: physical
/*
 * Near miss: AdapterControl restarts the adapter by calling HwStorInitialize, which makes
 * the request: HwStorInitialize is running (StorPortPassiveFromHwInit's business, not
 * this rule's).
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_HAS_ADAPTER_CONTROL

VOID
SkelPassive(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);  // ok: StorPortEnablePassive
}

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
