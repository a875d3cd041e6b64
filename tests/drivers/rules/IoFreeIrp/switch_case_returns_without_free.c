// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * A `switch` over IOCTL codes in HwProcessServiceRequest. The lower IRP is allocated
 * before the switch; the common code after it frees the IRP on failure or gives it a
 * completion routine. One case validates its input and returns straight out of the
 * switch, bypassing that code: the IRP leaks through that `return`.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VW_READ_CAPACITY  0x9C402424
#define IOCTL_VW_SET_POLICY     0x9C402428

typedef struct _VW_ADAPTER {
    PDEVICE_OBJECT Lower;
    ULONG Policy;
} VW_ADAPTER, *PVW_ADAPTER;

NTSTATUS
VwLowerCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PIRP request = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    request->IoStatus = Irp->IoStatus;
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

VOID
VwProcessServiceRequest(PVOID DeviceExtension, PVOID Context)
{
    PVW_ADAPTER adapter = DeviceExtension;
    PIRP request = Context;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(request);
    PIO_STACK_LOCATION next;
    PIRP lower;
    NTSTATUS status;

    lower = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (lower == NULL) {
        request->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        StorPortCompleteServiceIrp(adapter, request);
        return;                                     // ok: IoFreeIrp
    }
    next = IoGetNextIrpStackLocation(lower);
    next->MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_VW_READ_CAPACITY:
        next->Parameters.DeviceIoControl.IoControlCode = IOCTL_VW_READ_CAPACITY;
        lower->AssociatedIrp.SystemBuffer = request->AssociatedIrp.SystemBuffer;
        status = STATUS_SUCCESS;
        break;
    case IOCTL_VW_SET_POLICY:
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            request->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
            StorPortCompleteServiceIrp(adapter, request);
            return;                                 // expect: IoFreeIrp
        }
        adapter->Policy = *(PULONG)request->AssociatedIrp.SystemBuffer;
        next->Parameters.DeviceIoControl.IoControlCode = IOCTL_VW_SET_POLICY;
        lower->AssociatedIrp.SystemBuffer = &adapter->Policy;
        status = STATUS_SUCCESS;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    if (!NT_SUCCESS(status)) {
        IoFreeIrp(lower);
        request->IoStatus.Status = status;
        StorPortCompleteServiceIrp(adapter, request);
        return;                                     // ok: IoFreeIrp
    }
    IoSetCompletionRoutine(lower, VwLowerCompletion, request, TRUE, TRUE, TRUE);
    IoCallDriver(adapter->Lower, lower);
}                                                   // ok: IoFreeIrp

ULONG
VwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVW_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VwInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VW_ADAPTER);
    init.HwFindAdapter = VwFindAdapter;
    init.HwInitialize = VwInitialize;
    init.HwStartIo = VwStartIo;
    init.HwProcessServiceRequest = VwProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
