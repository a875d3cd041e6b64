// check-rules: QueuedSpinLockRelease, QueuedSpinLock
// expect-status: QueuedSpinLockRelease=pass, QueuedSpinLock=pass
// expect-kind: virtual
/*
 * The correct form of virtual_service_request_inverted_result.c: the caller releases the
 * lock only when VcQueueServiceIrp returned TRUE (queued, lock still held); when it
 * returned FALSE the helper has already released. The correlation goes through the
 * helper's return value: both rules must see that each path releases exactly once,
 * through a handle that holds the lock, and that HwProcessServiceRequest returns with
 * nothing held. HwCompleteServiceIrp drains the queue under the same lock.
 */

#include <ntddk.h>
#include <storport.h>

#define VC_MAX_PENDING 8

typedef struct _VC_ADAPTER {
    KSPIN_LOCK ServiceLock;
    LIST_ENTRY ServiceQueue;
    ULONG Pending;
} VC_ADAPTER, *PVC_ADAPTER;

static BOOLEAN
VcQueueServiceIrp(PVC_ADAPTER Adapter, PIRP Irp, PKLOCK_QUEUE_HANDLE Handle)
{
    if (Irp->Cancel || Adapter->Pending >= VC_MAX_PENDING) {
        KeReleaseInStackQueuedSpinLock(Handle);                         // ok: QueuedSpinLockRelease
        Irp->IoStatus.Status = Irp->Cancel ? STATUS_CANCELLED : STATUS_INSUFFICIENT_RESOURCES;
        StorPortCompleteServiceIrp(Adapter, Irp);
        return FALSE;
    }
    InsertTailList(&Adapter->ServiceQueue, &Irp->Tail.Overlay.ListEntry);
    Adapter->Pending++;
    return TRUE;
}

VOID
VcProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PVC_ADAPTER adapter = (PVC_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&adapter->ServiceLock, &handle);
    if (VcQueueServiceIrp(adapter, (PIRP)Irp, &handle)) {
        KeReleaseInStackQueuedSpinLock(&handle);                        // ok: QueuedSpinLockRelease
    }
}                                                                       // ok: QueuedSpinLock

VOID
VcCompleteServiceIrp(PVOID DeviceExtension)
{
    PVC_ADAPTER adapter = (PVC_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    PLIST_ENTRY link;

    KeAcquireInStackQueuedSpinLock(&adapter->ServiceLock, &handle);
    while (!IsListEmpty(&adapter->ServiceQueue)) {
        PIRP irp;

        link = RemoveHeadList(&adapter->ServiceQueue);
        irp = CONTAINING_RECORD(link, IRP, Tail.Overlay.ListEntry);
        adapter->Pending--;
        irp->IoStatus.Status = STATUS_CANCELLED;
        StorPortCompleteServiceIrp(adapter, irp);
    }
    KeReleaseInStackQueuedSpinLock(&handle);                            // ok: QueuedSpinLockRelease
}

ULONG
VcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVC_ADAPTER adapter = (PVC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->ServiceLock);
    InitializeListHead(&adapter->ServiceQueue);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VC_ADAPTER);
    init.HwFindAdapter = VcFindAdapter;
    init.HwInitialize = VcInitialize;
    init.HwStartIo = VcStartIo;
    init.HwProcessServiceRequest = VcProcessServiceRequest;
    init.HwCompleteServiceIrp = VcCompleteServiceIrp;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
