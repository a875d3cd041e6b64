// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: virtual
/*
 * Two entry points joined through a completion routine's context. HwStorInitialize
 * sends a capacity query to the lower device with IoSetCompletionRoutine(irp,
 * VcQueryCompletion, &adapter->QueryDone, ...). When IoCallDriver fails synchronously
 * the driver sets QueryDone itself "so the wait cannot hang" -- but the I/O manager still
 * calls the completion routine (InvokeOnError is TRUE), which sets the same event, the
 * registered context, again. The harness runs the completion routine after
 * initialization with that context, so the second set is in VcQueryCompletion.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VC_QUERY_CAPACITY 0x9C40241C
#define VC_DEFAULT_BLOCKS       0x100000

typedef struct _VC_ADAPTER {
    PDEVICE_OBJECT Lower;
    KEVENT QueryDone;
    ULONG64 Blocks;
} VC_ADAPTER, *PVC_ADAPTER;

NTSTATUS
VcQueryCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);   // expect: DoubleKeSetEvent
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
VcQueryCapacity(PVC_ADAPTER Adapter)
{
    PIRP irp;
    PIO_STACK_LOCATION next;
    NTSTATUS status;

    irp = IoAllocateIrp(Adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;
    next->Parameters.DeviceIoControl.IoControlCode = IOCTL_VC_QUERY_CAPACITY;
    irp->AssociatedIrp.SystemBuffer = &Adapter->Blocks;
    KeInitializeEvent(&Adapter->QueryDone, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, VcQueryCompletion, &Adapter->QueryDone, TRUE, TRUE, TRUE);
    status = IoCallDriver(Adapter->Lower, irp);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&Adapter->QueryDone, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- first set
    }
    KeWaitForSingleObject(&Adapter->QueryDone, Executive, KernelMode, FALSE, NULL);
    status = irp->IoStatus.Status;
    IoFreeIrp(irp);
    return status;
}

BOOLEAN
VcInitialize(PVOID DeviceExtension)
{
    PVC_ADAPTER adapter = DeviceExtension;

    if (!NT_SUCCESS(VcQueryCapacity(adapter))) {
        adapter->Blocks = VC_DEFAULT_BLOCKS;    /* run with a default size */
    }
    return TRUE;
}

ULONG
VcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVC_ADAPTER adapter = DeviceExtension;

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

BOOLEAN
VcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VC_ADAPTER);
    init.HwFindAdapter = VcFindAdapter;
    init.HwInitialize = VcInitialize;
    init.HwStartIo = VcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
