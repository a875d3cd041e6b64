// check-rules: PagedCode
// expect-status: PagedCode=defect
// expect-kind: physical
/*
 * HwStorAdapterControl is marked pageable, but only the PASSIVE_LEVEL control types are
 * sent at PASSIVE_LEVEL: for ScsiStopAdapter (DIRQL) and the DISPATCH_LEVEL types the
 * PAGED_CODE() is reached above APC_LEVEL.
 */
#include <storport.h>

typedef struct _Ac_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Ac_EXT, *PAc_EXT;

SCSI_ADAPTER_CONTROL_STATUS
AcAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PAGED_CODE();                                           // expect: PagedCode
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
