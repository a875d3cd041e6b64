// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * A release without an acquire. The virtual miniport's IRP_MJ_DEVICE_CONTROL dispatch
 * routine validates the input buffer *before* it takes the cancel spin lock, but its
 * error exit goes through VxFailIrp, written for the later failure (which does hold the
 * lock) and therefore ending with IoReleaseCancelSpinLock. On the "buffer too small"
 * path the cancel spin lock is not held: violation at the release inside VxFailIrp.
 * On the later failure path VxFailIrp's release is correct.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VX_REGISTER_EVENT CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x820, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _VX_ADAPTER {
    LIST_ENTRY EventIrps;
    ULONG Registered;
    BOOLEAN Stopping;
} VX_ADAPTER, *PVX_ADAPTER;

static PVX_ADAPTER VxAdapter;

static NTSTATUS
VxFailIrp(PIRP Irp, NTSTATUS Status, KIRQL Irql)
{
    IoReleaseCancelSpinLock(Irql);                                      // expect: CancelSpinLock
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
VxDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    KIRQL irql = PASSIVE_LEVEL;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (VxAdapter == NULL ||
        stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_VX_REGISTER_EVENT) {
        Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        return VxFailIrp(Irp, STATUS_BUFFER_TOO_SMALL, irql);
    }

    IoAcquireCancelSpinLock(&irql);
    if (VxAdapter->Stopping || Irp->Cancel) {
        return VxFailIrp(Irp, STATUS_CANCELLED, irql);
    }
    IoMarkIrpPending(Irp);
    InsertTailList(&VxAdapter->EventIrps, &Irp->Tail.Overlay.ListEntry);
    VxAdapter->Registered++;
    IoReleaseCancelSpinLock(irql);
    return STATUS_PENDING;
}

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVX_ADAPTER adapter = (PVX_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->EventIrps);
    ConfigInfo->VirtualDevice = TRUE;
    VxAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VX_ADAPTER);
    init.HwFindAdapter = VxFindAdapter;
    init.HwInitialize = VxInitialize;
    init.HwStartIo = VxStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VxDeviceControl;
    return status;
}
