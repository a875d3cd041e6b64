// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=pass
// expect-kind: virtual
/*
 * Cancel spin lock and in-stack queued lock, both released before completing. The
 * virtual miniport's IRP_MJ_READ hook for its notification channel takes the cancel
 * spin lock to clear the IRP's cancel routine and inspect `Irp->Cancel`, releases it,
 * then takes `QueueLock` (KeAcquireInStackQueuedSpinLock) to pop a queued
 * notification and releases that too; IoCompleteRequest comes after each release. The
 * kernel DPC (KeInitializeDpc) that hands the next request to the control device's
 * StartIo calls IoStartNextPacket after KeReleaseSpinLockFromDpcLevel. The count is 0
 * at every monitored call.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _CQ_ADAPTER {
    KSPIN_LOCK QueueLock;
    KSPIN_LOCK CtlLock;
    KDPC NextDpc;
    PDEVICE_OBJECT ControlDevice;
    ULONG Notifications;
    ULONG Started;
} CQ_ADAPTER, *PCQ_ADAPTER;

static PCQ_ADAPTER CqAdapter;

VOID
CqNextDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PCQ_ADAPTER adapter = (PCQ_ADAPTER)Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    KeAcquireSpinLockAtDpcLevel(&adapter->CtlLock);
    adapter->Started++;
    KeReleaseSpinLockFromDpcLevel(&adapter->CtlLock);
    IoStartNextPacket(adapter->ControlDevice, TRUE);        // ok: SpinLockSafe
}

NTSTATUS
CqRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KLOCK_QUEUE_HANDLE handle;
    KIRQL cancelIrql;
    BOOLEAN cancelled;
    BOOLEAN available = FALSE;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoAcquireCancelSpinLock(&cancelIrql);
    IoSetCancelRoutine(Irp, NULL);
    cancelled = Irp->Cancel;
    IoReleaseCancelSpinLock(cancelIrql);
    if (cancelled) {
        Irp->IoStatus.Status = STATUS_CANCELLED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // ok: SpinLockSafe
        return STATUS_CANCELLED;
    }

    KeAcquireInStackQueuedSpinLock(&CqAdapter->QueueLock, &handle);
    if (CqAdapter->Notifications != 0) {
        CqAdapter->Notifications--;
        available = TRUE;
    }
    KeReleaseInStackQueuedSpinLock(&handle);

    Irp->IoStatus.Status = available ? STATUS_SUCCESS : STATUS_NO_MORE_ENTRIES;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // ok: SpinLockSafe
    return Irp->IoStatus.Status;
}

ULONG
CqFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PCQ_ADAPTER adapter = (PCQ_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    KeInitializeSpinLock(&adapter->CtlLock);
    KeInitializeDpc(&adapter->NextDpc, CqNextDpc, adapter);
    ConfigInfo->VirtualDevice = TRUE;
    CqAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CqInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
CqStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(CQ_ADAPTER);
    init.HwFindAdapter = CqFindAdapter;
    init.HwInitialize = CqInitialize;
    init.HwStartIo = CqStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_READ] = CqRead;
    }
    return status;
}
