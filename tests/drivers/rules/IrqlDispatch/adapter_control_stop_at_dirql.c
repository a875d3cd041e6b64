// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=defect
// expect-kind: physical
/*
 * HwStorAdapterControl runs at the level of its control type: PASSIVE_LEVEL for
 * ScsiQuerySupportedControlTypes, DIRQL for ScsiStopAdapter and ScsiRestartAdapter,
 * DISPATCH_LEVEL for the others. The driver frees its controller object for every type
 * but the query: right for ScsiAdapterPower, wrong for ScsiStopAdapter at DIRQL.
 */
#include <storport.h>

typedef struct _AC_EXT {
    PCONTROLLER_OBJECT Controller;
} AC_EXT, *PAC_EXT;

SCSI_ADAPTER_CONTROL_STATUS
AcAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PAC_EXT ext = (PAC_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    if (ControlType == ScsiQuerySupportedControlTypes) {
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    }
    IoFreeController(ext->Controller);                      // expect: IrqlDispatch
    return ScsiAdapterControlSuccess;
}

ULONG
AcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
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
    init.DeviceExtensionSize = sizeof(AC_EXT);
    init.HwFindAdapter = AcFindAdapter;
    init.HwInitialize = AcInitialize;
    init.HwAdapterControl = AcAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
