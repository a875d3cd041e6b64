// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=pass
// expect-kind: physical
/*
 * One handle reused for a sequence of locks, and a second handle used for a nested one.
 * HwStorResetBus (full duplex, DISPATCH_LEVEL) quiesces three structures in turn through
 * `handle`: submission queue, completion queue, then the event log, each acquire
 * followed by its release; inside the completion-queue section it takes the event lock
 * through `nested`. A released handle may be used again to acquire, and then releases
 * again; no release goes through a handle that holds nothing.
 */

#include <storport.h>

typedef struct _HR_ADAPTER {
    KSPIN_LOCK SqLock;
    KSPIN_LOCK CqLock;
    KSPIN_LOCK EventLock;
    ULONG SqTail;
    ULONG CqHead;
    ULONG Events;
} HR_ADAPTER, *PHR_ADAPTER;

ULONG
HrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHR_ADAPTER adapter = (PHR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->SqLock);
    KeInitializeSpinLock(&adapter->CqLock);
    KeInitializeSpinLock(&adapter->EventLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
HrResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PHR_ADAPTER adapter = (PHR_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    KLOCK_QUEUE_HANDLE nested;

    KeAcquireInStackQueuedSpinLock(&adapter->SqLock, &handle);
    adapter->SqTail = 0;
    KeReleaseInStackQueuedSpinLock(&handle);                            // ok: QueuedSpinLockRelease

    KeAcquireInStackQueuedSpinLock(&adapter->CqLock, &handle);
    adapter->CqHead = 0;
    KeAcquireInStackQueuedSpinLock(&adapter->EventLock, &nested);
    adapter->Events++;
    KeReleaseInStackQueuedSpinLock(&nested);                            // ok: QueuedSpinLockRelease
    KeReleaseInStackQueuedSpinLock(&handle);                            // ok: QueuedSpinLockRelease

    KeAcquireInStackQueuedSpinLock(&adapter->EventLock, &handle);
    adapter->Events++;
    KeReleaseInStackQueuedSpinLock(&handle);                            // ok: QueuedSpinLockRelease

    StorPortCompleteRequest(adapter, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(HR_ADAPTER);
    init.HwFindAdapter = HrFindAdapter;
    init.HwInitialize = HrInitialize;
    init.HwStartIo = HrStartIo;
    init.HwResetBus = HrResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
