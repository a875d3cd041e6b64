// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=defect
// expect-kind: virtual
/*
 * An in-stack queued spin lock held while a helper two levels down completes the IRP.
 * The virtual miniport's IRP_MJ_CLEANUP hook takes `OpenLock` with
 * KeAcquireInStackQueuedSpinLock to unlink the file's open record, then calls
 * QcFinishCleanup -> QcCompleteIrp, which calls IoCompleteRequest -- still inside the
 * queued lock (the spec counts queued locks too: they hold a spin lock). The violation
 * is the IoCompleteRequest in the innermost helper. The "no adapter yet" branch
 * completes without any lock and is fine.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _QC_ADAPTER {
    KSPIN_LOCK OpenLock;
    ULONG OpenCount;
} QC_ADAPTER, *PQC_ADAPTER;

static PQC_ADAPTER QcAdapter;

static VOID
QcCompleteIrp(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // expect: SpinLockSafe
}

static VOID
QcFinishCleanup(PQC_ADAPTER Adapter, PIRP Irp)
{
    if (Adapter->OpenCount > 0) {
        Adapter->OpenCount--;
    }
    QcCompleteIrp(Irp, STATUS_SUCCESS);
}

NTSTATUS
QcCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KLOCK_QUEUE_HANDLE handle;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (QcAdapter == NULL) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // ok: SpinLockSafe
        return STATUS_SUCCESS;
    }
    KeAcquireInStackQueuedSpinLock(&QcAdapter->OpenLock, &handle);
    QcFinishCleanup(QcAdapter, Irp);
    KeReleaseInStackQueuedSpinLock(&handle);
    return STATUS_SUCCESS;
}

ULONG
QcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PQC_ADAPTER adapter = (PQC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->OpenLock);
    ConfigInfo->VirtualDevice = TRUE;
    QcAdapter = adapter;
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

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(QC_ADAPTER);
    init.HwFindAdapter = QcFindAdapter;
    init.HwInitialize = QcInitialize;
    init.HwStartIo = QcStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_CLEANUP] = QcCleanup;
    }
    return status;
}
