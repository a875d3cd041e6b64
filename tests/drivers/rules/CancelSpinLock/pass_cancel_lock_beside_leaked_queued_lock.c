// check-rules: CancelSpinLock, QueuedSpinLock, QueuedSpinLockRelease
// expect-status: CancelSpinLock=pass, QueuedSpinLock=defect, QueuedSpinLockRelease=pass
// expect-kind: virtual
/*
 * The cancel spin lock together with a queued spin lock, each rule keeping its own
 * state. HwProcessServiceRequest takes the adapter's request-queue lock (queued), then
 * the cancel spin lock to install the cancel routine, and drops the cancel spin lock on
 * every path. On the "IRP already cancelled" path it also drops the queued lock; on the
 * pended path the author forgot the queued lock and falls off the closing brace holding
 * it: a QueuedSpinLock defect at the brace. CancelSpinLock sees every acquire paired
 * with a release (pass); QueuedSpinLockRelease sees one release, through the handle
 * that holds the lock (pass). Each queued-lock transition leaves the cancel lock state
 * alone, and the other way round.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _QC_ADAPTER {
    KSPIN_LOCK QueueLock;
    LIST_ENTRY Pending;
    ULONG PendingCount;
} QC_ADAPTER, *PQC_ADAPTER;

VOID
QcCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);                           // ok: CancelSpinLock
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

VOID
QcProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PQC_ADAPTER adapter = (PQC_ADAPTER)DeviceExtension;
    PIRP irp = (PIRP)Irp;
    KLOCK_QUEUE_HANDLE queueHandle;
    KIRQL cancelIrql;

    KeAcquireInStackQueuedSpinLock(&adapter->QueueLock, &queueHandle);
    IoAcquireCancelSpinLock(&cancelIrql);
    if (irp->Cancel) {
        IoReleaseCancelSpinLock(cancelIrql);                            // ok: CancelSpinLock
        KeReleaseInStackQueuedSpinLock(&queueHandle);                   // ok: QueuedSpinLockRelease
        irp->IoStatus.Status = STATUS_CANCELLED;
        StorPortCompleteServiceIrp(adapter, irp);
        return;                                                         // ok: CancelSpinLock, QueuedSpinLock
    }
    IoSetCancelRoutine(irp, QcCancel);
    InsertTailList(&adapter->Pending, &irp->Tail.Overlay.ListEntry);
    adapter->PendingCount++;
    IoReleaseCancelSpinLock(cancelIrql);                                // ok: CancelSpinLock
}                                                                       // expect: QueuedSpinLock

ULONG
QcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PQC_ADAPTER adapter = (PQC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    InitializeListHead(&adapter->Pending);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
QcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
QcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(QC_ADAPTER);
    init.HwFindAdapter = QcFindAdapter;
    init.HwInitialize = QcInitialize;
    init.HwStartIo = QcStartIo;
    init.HwProcessServiceRequest = QcProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
