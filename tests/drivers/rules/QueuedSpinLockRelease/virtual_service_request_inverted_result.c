// check-rules: QueuedSpinLockRelease, QueuedSpinLock
// expect-status: QueuedSpinLockRelease=defect, QueuedSpinLock=defect
// expect-kind: virtual
/*
 * A virtual miniport's HwProcessServiceRequest pends the service IRP on a queue under a
 * queued spin lock. VsQueueServiceIrp returns FALSE when the IRP is already cancelled or
 * the queue is full (on the harness's path only the first can happen: the fresh
 * adapter's pending count is 0), after it has released the lock itself and completed the
 * IRP with StorPortCompleteServiceIrp; it returns TRUE, still holding the lock, when the
 * IRP is queued. The caller inverted the test and releases when the result is FALSE:
 *  - not queued: the caller's release goes through a handle VsQueueServiceIrp already
 *    released (QueuedSpinLockRelease, at the caller's release);
 *  - queued: nobody releases, and HwProcessServiceRequest falls off its closing brace
 *    holding the lock (QueuedSpinLock, at that brace).
 */

#include <ntddk.h>
#include <storport.h>

#define VS_MAX_PENDING 8

typedef struct _VS_ADAPTER {
    KSPIN_LOCK ServiceLock;
    LIST_ENTRY ServiceQueue;
    ULONG Pending;
} VS_ADAPTER, *PVS_ADAPTER;

static BOOLEAN
VsQueueServiceIrp(PVS_ADAPTER Adapter, PIRP Irp, PKLOCK_QUEUE_HANDLE Handle)
{
    if (Irp->Cancel || Adapter->Pending >= VS_MAX_PENDING) {
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
VsProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&adapter->ServiceLock, &handle);
    if (!VsQueueServiceIrp(adapter, (PIRP)Irp, &handle)) {
        KeReleaseInStackQueuedSpinLock(&handle);                        // expect: QueuedSpinLockRelease
    }
}                                                                       // expect: QueuedSpinLock

VOID
VsCompleteServiceIrp(PVOID DeviceExtension)
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;
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
VsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->ServiceLock);
    InitializeListHead(&adapter->ServiceQueue);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VS_ADAPTER);
    init.HwFindAdapter = VsFindAdapter;
    init.HwInitialize = VsInitialize;
    init.HwStartIo = VsStartIo;
    init.HwProcessServiceRequest = VsProcessServiceRequest;
    init.HwCompleteServiceIrp = VsCompleteServiceIrp;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
