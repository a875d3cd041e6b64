// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=defect
// expect-kind: physical
/*
 * A release of a lock the path never acquired, at PASSIVE_LEVEL: HwStorAdapterControl's
 * ScsiSetRunningConfig case (PASSIVE_LEVEL) "cleans up" a lock only the DPC takes.
 * Nothing was saved, so only the level clause applies -- and it is violated. The other
 * control types run at DISPATCH_LEVEL or above and do not release.
 */
#include <storport.h>

typedef struct _UA_EXT {
    KSPIN_LOCK Lock;
} UA_EXT, *PUA_EXT;

SCSI_ADAPTER_CONTROL_STATUS
UaAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PUA_EXT ext = (PUA_EXT)DeviceExtension;

    if (ControlType == ScsiSetRunningConfig) {
        KeReleaseSpinLock(&ext->Lock, PASSIVE_LEVEL);       // expect: IrqlKeReleaseSpinLock
    }
    return ScsiAdapterControlSuccess;
}

ULONG
UaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    KeInitializeSpinLock(&((PUA_EXT)DeviceExtension)->Lock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
UaInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(UA_EXT);
    init.HwFindAdapter = UaFindAdapter;
    init.HwInitialize = UaInitialize;
    init.HwAdapterControl = UaAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
