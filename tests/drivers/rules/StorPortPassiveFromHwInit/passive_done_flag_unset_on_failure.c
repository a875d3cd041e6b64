// check-rules: StorPortPassiveFromHwInit
// expect-status: StorPortPassiveFromHwInit=defect
// expect-kind: physical
/*
 * Path-sensitive: HwStorInitialize skips the request once the passive routine has run,
 * but on the path where StorPortEnablePassiveInitialization returned FALSE it never ran,
 * so the restart asks again.
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

    if ((ext->Flags & 0x100) == 0) {
        StorPortEnablePassiveInitialization(ext, SkelPassive);  // expect: StorPortPassiveFromHwInit
    }
    return TRUE;
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
