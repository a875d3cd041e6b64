// check-rules: PagedCode
// expect-status: PagedCode=pass
// expect-kind: physical
/*
 * The near miss of adapter_control_paged_for_every_type.c: only the PASSIVE_LEVEL control
 * types (the query, ScsiSetBootConfig, ScsiSetRunningConfig) reach the pageable helper.
 */
#include <storport.h>

typedef struct _Ap_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Ap_EXT, *PAp_EXT;

static SCSI_ADAPTER_CONTROL_STATUS
ApConfigure(PAp_EXT Ext)
{
    PAGED_CODE();                                           // ok: PagedCode
    Ext->Value = 1;
    return ScsiAdapterControlSuccess;
}

SCSI_ADAPTER_CONTROL_STATUS
ApAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
    case ScsiSetBootConfig:
    case ScsiSetRunningConfig:
        return ApConfigure((PAp_EXT)DeviceExtension);
    default:
        return ScsiAdapterControlSuccess;
    }
}

ULONG
ApFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAp_EXT ext = (PAp_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ApInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ap_EXT);
    init.HwFindAdapter = ApFindAdapter;
    init.HwInitialize = ApInitialize;
    init.HwAdapterControl = ApAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
