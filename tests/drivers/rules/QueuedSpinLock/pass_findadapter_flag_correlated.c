// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * Conditions decided by the path, across callbacks. HwStorFindAdapter sets
 * `SharedDoorbell` only on controllers whose two queues share one doorbell register;
 * HwStorStartIo takes the doorbell lock only when the flag is set, and releases it on
 * exactly the same condition (re-reading the flag from the device extension). On the
 * "flag set" paths the lock is taken and released; on the "flag clear" paths neither.
 * The check is path-sensitive: the conditional release and the conditional `return` in
 * the middle are correlated with the acquire, so no path returns holding the lock.
 */

#include <storport.h>

typedef struct _FC_ADAPTER {
    KSPIN_LOCK DoorbellLock;
    BOOLEAN SharedDoorbell;
    ULONG Queue;
    PULONG Doorbell;
} FC_ADAPTER, *PFC_ADAPTER;

ULONG
FcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFC_ADAPTER adapter = (PFC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->DoorbellLock);
    if (ConfigInfo->NumberOfBuses > 1) {
        adapter->SharedDoorbell = TRUE;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

static VOID
FcRing(PFC_ADAPTER Adapter, ULONG Queue)
{
    StorPortWriteRegisterUlong(Adapter, Adapter->Doorbell, Queue);
}

BOOLEAN
FcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFC_ADAPTER adapter = (PFC_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    ULONG queue = Srb->PathId & 1;

    if (adapter->SharedDoorbell) {
        KeAcquireInStackQueuedSpinLock(&adapter->DoorbellLock, &handle);
    }
    FcRing(adapter, queue);
    if (!adapter->SharedDoorbell) {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;                                            // ok: QueuedSpinLock
    }
    adapter->Queue = queue;
    KeReleaseInStackQueuedSpinLock(&handle);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;                                                // ok: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FC_ADAPTER);
    init.HwFindAdapter = FcFindAdapter;
    init.HwInitialize = FcInitialize;
    init.HwStartIo = FcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
