// check-rules: SpIrql
// expect-status: SpIrql=defect
// expect-kind: physical
/*
 * HwStorAdapterControl deregisters on ScsiStopAdapter, which Storport sends at DIRQL;
 * the ScsiSetRunningConfig case at PASSIVE_LEVEL registers again, which is fine.
 */
#include <storport.h>

typedef struct _Ac_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Ac_EXT, *PAc_EXT;

SCSI_ADAPTER_CONTROL_STATUS
AcAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PAc_EXT ext = (PAc_EXT)DeviceExtension;

    if (ControlType == ScsiStopAdapter) {
        TdiDeregisterPnPHandlers(ext->Binding);             // expect: SpIrql
    } else if (ControlType == ScsiSetRunningConfig) {
        TdiRegisterPnPHandlers(&ext->Info, sizeof(ext->Info), &ext->Binding); // ok: SpIrql
    }
    return ScsiAdapterControlSuccess;
}

ULONG
AcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAc_EXT ext = (PAc_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
AcInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ac_EXT);
    init.HwFindAdapter = AcFindAdapter;
    init.HwInitialize = AcInitialize;
    init.HwAdapterControl = AcAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
