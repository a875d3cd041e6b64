// check-rules: StorPortPassiveFromHwInit
// expect-status: StorPortPassiveFromHwInit=defect
// expect-kind: physical
/*
 * The same through helpers: AdapterControl's restart helper calls HwStorInitialize,
 * whose own helper makes the request; reported at the call in the innermost helper.
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

static VOID
SkelSetupPassive(PSKEL_EXT ext)
{
    if (!StorPortEnablePassiveInitialization(ext, SkelPassive)) {  // expect: StorPortPassiveFromHwInit
        ext->Flags |= 0x200;
    }
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Ready = TRUE;
    SkelSetupPassive(ext);
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS
SkelRestart(PVOID DeviceExtension)
{
    return SkelInitialize(DeviceExtension) ? ScsiAdapterControlSuccess
                                           : ScsiAdapterControlUnsuccessful;
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        return SkelRestart(DeviceExtension);
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
