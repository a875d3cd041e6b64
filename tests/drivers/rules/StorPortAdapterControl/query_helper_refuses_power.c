// check-rules: StorPortAdapterControl
// expect-status: StorPortAdapterControl=pass
// expect-kind: physical
/*
 * Near miss: the query fills the supported list in a helper; the power and boot
 * configuration types, which are not among the three, are refused.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

static VOID
SkelFillSupported(PSCSI_SUPPORTED_CONTROL_TYPE_LIST list)
{
    ULONG i;

    for (i = 0; i < list->MaxControlType; i++) {
        list->SupportedTypeList[i] = (i <= ScsiRestartAdapter);
    }
}

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        SkelFillSupported((PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters);
        break;
    case ScsiStopAdapter:
    case ScsiRestartAdapter:
        break;
    case ScsiSetBootConfig:
    case ScsiSetRunningConfig:
    case ScsiPowerSettingNotification:
        return ScsiAdapterControlUnsuccessful;  // ok: StorPortAdapterControl
    default:
        return ScsiAdapterControlUnsuccessful;  // ok: StorPortAdapterControl
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
