// check-rules: StorPortPassiveFromHwInit
// expect-status: StorPortPassiveFromHwInit=pass
// expect-kind: physical
/*
 * Near miss, path-sensitive: AdapterControl marks the restart before calling
 * HwStorInitialize, which then skips the request.
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
    if (!ext->Restarting) {
        StorPortEnablePassiveInitialization(ext, SkelPassive);  // ok: StorPortPassiveFromHwInit
    }
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        ext->Restarting = TRUE;
        SkelInitialize(ext);
        ext->Restarting = FALSE;
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
