// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=defect
// expect-kind: virtual
/*
 * A `switch` over IOCTL codes in the virtual miniport's own IRP_MJ_DEVICE_CONTROL
 * dispatch routine (installed in DriverObject->MajorFunction after StorPortInitialize,
 * chaining to Storport's for everything else). The ADD case brackets the resource with
 * a critical region; the QUERY case forgot to.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VD_ADD_TARGET     0x9C402440
#define IOCTL_VD_QUERY_TARGETS  0x9C402444

typedef struct _VD_ADAPTER {
    ERESOURCE TargetLock;
    ULONG TargetCount;
} VD_ADAPTER, *PVD_ADAPTER;

PVD_ADAPTER VdAdapter;
DRIVER_DISPATCH *VdStorPortDeviceControl;

NTSTATUS
VdDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PVD_ADAPTER adapter = VdAdapter;

    if (adapter == NULL) {
        return VdStorPortDeviceControl(DeviceObject, Irp);
    }
    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_VD_ADD_TARGET:
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&adapter->TargetLock, TRUE);     // ok: WithinCriticalRegion
        adapter->TargetCount++;
        ExReleaseResourceLite(&adapter->TargetLock);                    // ok: WithinCriticalRegion
        KeLeaveCriticalRegion();
        Irp->IoStatus.Information = 0;
        break;
    case IOCTL_VD_QUERY_TARGETS:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            Irp->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            return STATUS_BUFFER_TOO_SMALL;
        }
        ExAcquireResourceSharedLite(&adapter->TargetLock, TRUE);        // expect: WithinCriticalRegion
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = adapter->TargetCount;
        ExReleaseResourceLite(&adapter->TargetLock);                    // ok: WithinCriticalRegion -- path already stopped
        Irp->IoStatus.Information = sizeof(ULONG);
        break;
    default:
        return VdStorPortDeviceControl(DeviceObject, Irp);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

ULONG
VdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVD_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ExInitializeResourceLite(&adapter->TargetLock);
    VdAdapter = adapter;
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VdInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VD_ADAPTER);
    init.HwFindAdapter = VdFindAdapter;
    init.HwInitialize = VdInitialize;
    init.HwStartIo = VdStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
    if (NT_SUCCESS(status)) {
        VdStorPortDeviceControl = DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL];
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VdDeviceControl;
    }
    return status;
}
