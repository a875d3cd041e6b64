// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * One lock, balanced in each of three entry points. FindAdapter takes `StateLock` to
 * publish the adapter state and releases it before returning SP_RETURN_FOUND (a lock
 * acquired in FindAdapter and released there is fine); HwStorStartIo and the
 * HwStorAdapterControl handler each take and release it again. On every harness path
 * the lock is released before FindAdapter returns, so the later acquires find it free:
 * none of them is a re-acquire, and no callback exits holding it.
 */

#include <storport.h>

typedef enum _TE_STATE { TeStateStopped, TeStateReady, TeStateBusy } TE_STATE;

typedef struct _TE_ADAPTER {
    KSPIN_LOCK StateLock;
    TE_STATE State;
    ULONG Requests;
} TE_ADAPTER, *PTE_ADAPTER;

ULONG
TeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PTE_ADAPTER adapter = (PTE_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeInitializeSpinLock(&adapter->StateLock);
    KeAcquireSpinLock(&adapter->StateLock, &oldIrql);       // ok: SpinLock
    adapter->State = TeStateReady;
    adapter->Requests = 0;
    KeReleaseSpinLock(&adapter->StateLock, oldIrql);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;                                 // ok: SpinLock
}

BOOLEAN
TeInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
TeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTE_ADAPTER adapter = (PTE_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    TE_STATE state;

    KeAcquireSpinLock(&adapter->StateLock, &oldIrql);       // ok: SpinLock -- FindAdapter released it
    state = adapter->State;
    if (state == TeStateReady) {
        adapter->Requests++;
    }
    KeReleaseSpinLock(&adapter->StateLock, oldIrql);

    Srb->SrbStatus = state == TeStateReady ? SRB_STATUS_SUCCESS : SRB_STATUS_BUSY;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;                                            // ok: SpinLock
}

SCSI_ADAPTER_CONTROL_STATUS
TeAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PTE_ADAPTER adapter = (PTE_ADAPTER)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    KIRQL oldIrql;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
    case ScsiRestartAdapter:
        KeAcquireSpinLock(&adapter->StateLock, &oldIrql);   // ok: SpinLock
        adapter->State = ControlType == ScsiStopAdapter ? TeStateStopped : TeStateReady;
        KeReleaseSpinLock(&adapter->StateLock, oldIrql);
        return ScsiAdapterControlSuccess;                   // ok: SpinLock
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(TE_ADAPTER);
    init.HwFindAdapter = TeFindAdapter;
    init.HwInitialize = TeInitialize;
    init.HwStartIo = TeStartIo;
    init.HwAdapterControl = TeAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
