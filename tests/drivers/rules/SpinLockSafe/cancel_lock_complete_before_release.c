// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=defect
// expect-kind: virtual
/*
 * The cancel spin lock counts. The virtual miniport's IRP_MJ_READ hook for its event
 * channel parks an IRP until an event arrives, using the classic cancel-safe pattern:
 * IoAcquireCancelSpinLock, check Irp->Cancel, set the cancel routine. When the IRP is
 * already cancelled, the driver completes it with STATUS_CANCELLED -- before
 * IoReleaseCancelSpinLock: the violation. When an event is already queued it
 * releases the cancel lock first and completes outside (fine).
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _CL_ADAPTER {
    PIRP ParkedIrp;
    ULONG PendingEvents;
} CL_ADAPTER, *PCL_ADAPTER;

static PCL_ADAPTER ClAdapter;

VOID
ClCancelParked(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (ClAdapter != NULL) {
        ClAdapter->ParkedIrp = NULL;
    }
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

NTSTATUS
ClRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL cancelIrql;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoAcquireCancelSpinLock(&cancelIrql);
    if (Irp->Cancel) {
        Irp->IoStatus.Status = STATUS_CANCELLED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // expect: SpinLockSafe
        IoReleaseCancelSpinLock(cancelIrql);
        return STATUS_CANCELLED;
    }
    if (ClAdapter->PendingEvents != 0) {
        ClAdapter->PendingEvents--;
        IoReleaseCancelSpinLock(cancelIrql);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // ok: SpinLockSafe
        return STATUS_SUCCESS;
    }
    IoMarkIrpPending(Irp);
    IoSetCancelRoutine(Irp, ClCancelParked);
    ClAdapter->ParkedIrp = Irp;
    IoReleaseCancelSpinLock(cancelIrql);
    return STATUS_PENDING;
}

ULONG
ClFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PCL_ADAPTER adapter = (PCL_ADAPTER)DeviceExtension;

    adapter->PendingEvents = 1;
    ConfigInfo->VirtualDevice = TRUE;
    ClAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ClInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
ClStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(CL_ADAPTER);
    init.HwFindAdapter = ClFindAdapter;
    init.HwInitialize = ClInitialize;
    init.HwStartIo = ClStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_READ] = ClRead;
    }
    return status;
}
