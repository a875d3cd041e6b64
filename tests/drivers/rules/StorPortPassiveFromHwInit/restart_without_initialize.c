// check-rules: StorPortPassiveFromHwInit
// expect-status: StorPortPassiveFromHwInit=pass
// expect-kind: physical
/*
 * Near miss: HwStorInitialize enables passive initialization, and the restart path
 * re-programs the hardware itself without calling HwStorInitialize.
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
    return StorPortEnablePassiveInitialization(ext, SkelPassive);  // ok: StorPortPassiveFromHwInit
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        StorPortWriteRegisterUlong(ext, (PULONG)ext->Registers, 1);
        ext->Ready = TRUE;
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
