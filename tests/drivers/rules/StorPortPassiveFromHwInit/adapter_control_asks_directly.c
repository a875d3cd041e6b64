// check-rules: StorPortPassiveFromHwInit
// expect-status: StorPortPassiveFromHwInit=pass
// expect-kind: physical
/*
 * Near miss: AdapterControl enables passive initialization itself, outside
 * HwStorInitialize (StorPortEnablePassive's business, not this rule's).
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_HAS_ADAPTER_CONTROL

VOID
SkelPassive(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Flags |= 0x100;
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Ready = TRUE;
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);  // ok: StorPortPassiveFromHwInit
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
