// check-rules: StorPortPassiveFromHwInit
// expect-status: StorPortPassiveFromHwInit=pass
// expect-kind: physical
/*
 * Near miss: the reset-bus routine re-runs HwStorInitialize; the callback is not
 * HwStorAdapterControl (StorPortEnablePassive's business, if anyone's), and AdapterControl
 * never calls it.
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

#define SKEL_HAS_RESET_BUS

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Ready = TRUE;
    StorPortEnablePassiveInitialization(ext, SkelPassive);  // ok: StorPortPassiveFromHwInit
    return TRUE;
}

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(PathId);
    return SkelInitialize(DeviceExtension);
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(ControlType);
    UNREFERENCED_PARAMETER(Parameters);
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
