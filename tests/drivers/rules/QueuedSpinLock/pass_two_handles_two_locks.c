// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * Two KLOCK_QUEUE_HANDLEs for two different KSPIN_LOCKs, nested: the submission-queue
 * lock through `sqHandle`, then the statistics lock through `statHandle`. Different
 * locks may nest, so the inner acquire is fine. Each release names only its handle;
 * the rule must map `statHandle` to the statistics lock and `sqHandle` to the queue
 * lock, so that after both releases nothing is held at either exit, and so that the
 * second round (queue lock again, now free) is not a re-acquire.
 */

#include <storport.h>

typedef struct _TH_ADAPTER {
    KSPIN_LOCK SqLock;
    KSPIN_LOCK StatLock;
    ULONG SqTail;
    ULONG SqDepth;
    ULONG64 BytesQueued;
    ULONG Rejected;
    PULONG SqDoorbell;
    PULONG Registers;
} TH_ADAPTER, *PTH_ADAPTER;

ULONG
ThFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PTH_ADAPTER adapter = (PTH_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->SqLock);
    KeInitializeSpinLock(&adapter->StatLock);
    adapter->Registers = StorPortGetDeviceBase(adapter, PCIBus, ConfigInfo->SystemIoBusNumber,
                                               (*ConfigInfo->AccessRanges)[0].RangeStart,
                                               0x1000, FALSE);
    if (adapter->Registers == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->SqDoorbell = adapter->Registers + 0x400;
    adapter->SqDepth = (StorPortReadRegisterUlong(adapter, adapter->Registers) & 0xFF) + 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ThInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
ThStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTH_ADAPTER adapter = (PTH_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE sqHandle;
    KLOCK_QUEUE_HANDLE statHandle;
    ULONG slot;

    KeAcquireInStackQueuedSpinLock(&adapter->SqLock, &sqHandle);
    if (adapter->SqTail + 1 == adapter->SqDepth) {
        KeAcquireInStackQueuedSpinLock(&adapter->StatLock, &statHandle);  // ok: QueuedSpinLock
        adapter->Rejected++;
        KeReleaseInStackQueuedSpinLock(&statHandle);
        KeReleaseInStackQueuedSpinLock(&sqHandle);
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;                                                      // ok: QueuedSpinLock
    }
    slot = adapter->SqTail;
    adapter->SqTail = (slot + 1) % adapter->SqDepth;

    KeAcquireInStackQueuedSpinLock(&adapter->StatLock, &statHandle);      // ok: QueuedSpinLock
    adapter->BytesQueued += Srb->DataTransferLength;
    KeReleaseInStackQueuedSpinLock(&statHandle);
    KeReleaseInStackQueuedSpinLock(&sqHandle);

    /* A second round on the same lock: it was released through sqHandle above. */
    KeAcquireInStackQueuedSpinLock(&adapter->SqLock, &sqHandle);          // ok: QueuedSpinLock
    StorPortWriteRegisterUlong(adapter, adapter->SqDoorbell, adapter->SqTail);
    KeReleaseInStackQueuedSpinLock(&sqHandle);
    return TRUE;                                                          // ok: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(TH_ADAPTER);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = ThFindAdapter;
    init.HwInitialize = ThInitialize;
    init.HwStartIo = ThStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
