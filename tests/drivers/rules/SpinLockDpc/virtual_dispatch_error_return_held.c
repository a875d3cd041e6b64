// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=defect
// expect-kind: virtual
/*
 * A virtual miniport's own IRP_MJ_DEVICE_CONTROL routine. DriverEntry saves Storport's
 * dispatch routine and installs VxDeviceControl, which reaches the adapter through a
 * global FindAdapter set. For the "set LUN limit" IOCTL it takes `ConfigLock` with
 * KeAcquireSpinLockRaiseToDpc and validates the buffer under the lock; a too-small
 * buffer returns STATUS_BUFFER_TOO_SMALL -- with the lock held. The violation is that
 * `return`. Other IOCTLs go to the saved Storport routine before any lock.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VX_SET_LUN_LIMIT CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _VX_ADAPTER {
    KSPIN_LOCK ConfigLock;
    ULONG LunLimit;
} VX_ADAPTER, *PVX_ADAPTER;

static PVX_ADAPTER VxAdapter;
static PDRIVER_DISPATCH VxStorPortDeviceControl;

NTSTATUS
VxDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    KIRQL oldIrql;

    if (VxAdapter == NULL ||
        stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_VX_SET_LUN_LIMIT) {
        return VxStorPortDeviceControl(DeviceObject, Irp);  // ok: SpinLockDpc
    }

    oldIrql = KeAcquireSpinLockRaiseToDpc(&VxAdapter->ConfigLock);
    if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        Irp->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_BUFFER_TOO_SMALL;                     // expect: SpinLockDpc
    }
    VxAdapter->LunLimit = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
    KeReleaseSpinLock(&VxAdapter->ConfigLock, oldIrql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;                                  // ok: SpinLockDpc
}

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVX_ADAPTER adapter = (PVX_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->ConfigLock);
    adapter->LunLimit = 8;
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
    if (NT_SUCCESS(status)) {
        VxStorPortDeviceControl = DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL];
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VxDeviceControl;
    }
    return status;
}
