// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * The cancel spin lock taken twice on one path. A virtual miniport's own
 * IRP_MJ_DEVICE_CONTROL dispatch routine pends "wait for link change" IOCTLs: it takes
 * the cancel spin lock, checks Irp->Cancel, queues the IRP, and calls VlMakeCancelable
 * to install the cancel routine -- but VlMakeCancelable, written to be callable on its
 * own, takes the cancel spin lock itself. There is one cancel spin lock in the system:
 * the second IoAcquireCancelSpinLock (inside the helper) deadlocks. Other IOCTLs go to
 * Storport's dispatch routine, saved from the driver object.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VL_WAIT_LINK CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _VL_ADAPTER {
    LIST_ENTRY Waiters;
    ULONG WaiterCount;
} VL_ADAPTER, *PVL_ADAPTER;

static PVL_ADAPTER VlAdapter;
static PDRIVER_DISPATCH VlStorPortDeviceControl;

VOID
VlCancelWaiter(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static VOID
VlMakeCancelable(PIRP Irp)
{
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);                                     // expect: CancelSpinLock
    IoSetCancelRoutine(Irp, VlCancelWaiter);
    IoReleaseCancelSpinLock(irql);
}

NTSTATUS
VlDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    KIRQL irql;

    if (VlAdapter == NULL ||
        stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_VL_WAIT_LINK) {
        return VlStorPortDeviceControl(DeviceObject, Irp);
    }

    IoAcquireCancelSpinLock(&irql);
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(irql);
        Irp->IoStatus.Status = STATUS_CANCELLED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_CANCELLED;
    }
    IoMarkIrpPending(Irp);
    InsertTailList(&VlAdapter->Waiters, &Irp->Tail.Overlay.ListEntry);
    VlAdapter->WaiterCount++;
    VlMakeCancelable(Irp);
    IoReleaseCancelSpinLock(irql);
    return STATUS_PENDING;
}

ULONG
VlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVL_ADAPTER adapter = (PVL_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->Waiters);
    ConfigInfo->VirtualDevice = TRUE;
    VlAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VL_ADAPTER);
    init.HwFindAdapter = VlFindAdapter;
    init.HwInitialize = VlInitialize;
    init.HwStartIo = VlStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        VlStorPortDeviceControl = DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL];
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VlDeviceControl;
    }
    return status;
}
