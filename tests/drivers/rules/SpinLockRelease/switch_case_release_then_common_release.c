// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=defect
// expect-kind: physical
/*
 * A `switch` where one case releases early and then `break`s into the common release.
 * HwStorAdapterControl takes `PowerLock` for the stop/restart control types. The
 * ScsiStopAdapter case releases the lock before it waits for the controller to quiesce
 * (it must not poll under a spin lock) and then `break`s -- into the KeReleaseSpinLock
 * after the switch. That common release, on the stop path, is of a lock no longer
 * held: the violation. The restart case relies on the common release and is fine; the
 * query case returns before any lock.
 */

#include <storport.h>

typedef struct _SC_ADAPTER {
    KSPIN_LOCK PowerLock;
    BOOLEAN Stopped;
    PULONG StatusReg;
} SC_ADAPTER, *PSC_ADAPTER;

ULONG
ScFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSC_ADAPTER adapter = (PSC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->PowerLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ScInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
ScStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
ScAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PSC_ADAPTER adapter = (PSC_ADAPTER)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    KIRQL oldIrql;
    ULONG spins;

    if (ControlType == ScsiQuerySupportedControlTypes) {
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    }
    if (ControlType != ScsiStopAdapter && ControlType != ScsiRestartAdapter) {
        return ScsiAdapterControlUnsuccessful;
    }

    KeAcquireSpinLock(&adapter->PowerLock, &oldIrql);
    switch (ControlType) {
    case ScsiStopAdapter:
        adapter->Stopped = TRUE;
        KeReleaseSpinLock(&adapter->PowerLock, oldIrql);    // ok: SpinLockRelease
        for (spins = 0; spins < 1000; spins++) {
            if ((StorPortReadRegisterUlong(adapter, adapter->StatusReg) & 1) == 0) {
                break;
            }
            StorPortStallExecution(10);
        }
        break;
    case ScsiRestartAdapter:
        adapter->Stopped = FALSE;
        break;
    default:
        break;
    }
    KeReleaseSpinLock(&adapter->PowerLock, oldIrql);        // expect: SpinLockRelease
    return ScsiAdapterControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SC_ADAPTER);
    init.HwFindAdapter = ScFindAdapter;
    init.HwInitialize = ScInitialize;
    init.HwStartIo = ScStartIo;
    init.HwAdapterControl = ScAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
