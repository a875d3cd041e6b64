/*
 * A virtual miniport that hands routines to the OS outside Storport: completion routines
 * (IoSetCompletionRoutine and ...Ex), a system thread, an I/O work item, an executive
 * work item, a kernel DPC fired by a kernel timer, an unload hook and its own dispatch
 * routines (one assigned to two major functions in a chained assignment, one to every
 * major function in a loop). Reading MajorFunction[] to save the original is not a
 * registration.
 */
// expect-kind: virtual

#include <ntddk.h>
#include <storport.h>

#define VO_TAG 'oSoV'

typedef struct _VO_EXT {
    PDEVICE_OBJECT LowerDevice;
    PIO_WORKITEM IoWorkItem;
    WORK_QUEUE_ITEM ExWorkItem;
    KDPC TimerDpc;
    KTIMER Timer;
    KEVENT ThreadStop;
    PVOID ThreadObject;
    LONG Outstanding;
} VO_EXT, *PVO_EXT;

typedef struct _VO_REQUEST {
    PVO_EXT Ext;
    PSCSI_REQUEST_BLOCK Srb;
} VO_REQUEST, *PVO_REQUEST;

static PDRIVER_UNLOAD VoStorPortUnload;
static PDRIVER_DISPATCH VoStorPortDeviceControl;

NTSTATUS
VoReadComplete(  // expect-entry: IO_COMPLETION_ROUTINE by=registration
    PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PVO_REQUEST request = (PVO_REQUEST)Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    request->Srb->SrbStatus = NT_SUCCESS(Irp->IoStatus.Status) ? SRB_STATUS_SUCCESS
                                                                : SRB_STATUS_ERROR;
    StorPortNotification(RequestComplete, request->Ext, request->Srb);
    InterlockedDecrement(&request->Ext->Outstanding);
    ExFreePoolWithTag(request, VO_TAG);
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS
VoFlushComplete(  // expect-entry: IO_COMPLETION_ROUTINE by=registration
    PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

VOID
VoThread(PVOID StartContext)  // expect-entry: KSTART_ROUTINE by=registration
{
    PVO_EXT ext = (PVO_EXT)StartContext;

    KeWaitForSingleObject(&ext->ThreadStop, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
VoIoWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)  // expect-entry: IO_WORKITEM_ROUTINE by=registration
{
    UNREFERENCED_PARAMETER(DeviceObject);
    InterlockedExchange(&((PVO_EXT)Context)->Outstanding, 0);
}

VOID
VoExWorker(PVOID Parameter)  // expect-entry: WORKER_THREAD_ROUTINE by=registration
{
    PVO_EXT ext = (PVO_EXT)Parameter;

    IoQueueWorkItem(ext->IoWorkItem, VoIoWorker, DelayedWorkQueue, ext);
}

VOID
VoTimerDpc(  // expect-entry: KDEFERRED_ROUTINE by=registration
    PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PVO_EXT ext = (PVO_EXT)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    ExQueueWorkItem(&ext->ExWorkItem, DelayedWorkQueue);
}

VOID
VoUnload(PDRIVER_OBJECT DriverObject)  // expect-entry: DRIVER_UNLOAD by=registration
{
    if (VoStorPortUnload != NULL) {
        VoStorPortUnload(DriverObject);
    }
}

NTSTATUS
VoCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)  // expect-entry: DRIVER_DISPATCH by=registration
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
VoDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)  // expect-entry: DRIVER_DISPATCH by=registration
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    if (stack->Parameters.DeviceIoControl.IoControlCode == 0x2d1400) {
        return VoCreateClose(DeviceObject, Irp);
    }
    return VoStorPortDeviceControl(DeviceObject, Irp);
}

NTSTATUS
VoPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)  // expect-entry: DRIVER_DISPATCH by=registration
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

static VOID
VoSendRead(PVO_EXT Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PIRP irp;
    PVO_REQUEST request;
    PIO_STACK_LOCATION next;

    request = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*request), VO_TAG);
    if (request == NULL) {
        Srb->SrbStatus = SRB_STATUS_ERROR;
        StorPortNotification(RequestComplete, Ext, Srb);
        return;
    }
    irp = IoAllocateIrp(Ext->LowerDevice->StackSize, FALSE);
    if (irp == NULL) {
        ExFreePoolWithTag(request, VO_TAG);
        Srb->SrbStatus = SRB_STATUS_ERROR;
        StorPortNotification(RequestComplete, Ext, Srb);
        return;
    }
    request->Ext = Ext;
    request->Srb = Srb;
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_READ;
    next->Parameters.Read.Length = Srb->DataTransferLength;
    IoSetCompletionRoutine(irp, VoReadComplete, request, TRUE, TRUE, TRUE);
    InterlockedIncrement(&Ext->Outstanding);
    IoCallDriver(Ext->LowerDevice, irp);
}

static VOID
VoSendFlush(PVO_EXT Ext)
{
    PIRP irp = IoAllocateIrp(Ext->LowerDevice->StackSize, FALSE);
    NTSTATUS status;

    if (irp == NULL) {
        return;
    }
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_FLUSH_BUFFERS;
    status = IoSetCompletionRoutineEx(Ext->LowerDevice, irp, VoFlushComplete, Ext,
                                      TRUE, TRUE, TRUE);
    if (!NT_SUCCESS(status)) {
        IoFreeIrp(irp);
        return;
    }
    IoCallDriver(Ext->LowerDevice, irp);
}

ULONG
VoFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVO_EXT ext = (PVO_EXT)DeviceExtension;
    HANDLE thread;
    LARGE_INTEGER due;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->LowerDevice = (PDEVICE_OBJECT)LowerDevice;
    ext->IoWorkItem = IoAllocateWorkItem(ext->LowerDevice);
    if (ext->IoWorkItem == NULL) {
        return SP_RETURN_ERROR;
    }
    ExInitializeWorkItem(&ext->ExWorkItem, VoExWorker, ext);
    KeInitializeEvent(&ext->ThreadStop, NotificationEvent, FALSE);
    KeInitializeDpc(&ext->TimerDpc, VoTimerDpc, ext);
    KeInitializeTimer(&ext->Timer);
    due.QuadPart = -10 * 1000 * 1000;
    KeSetTimer(&ext->Timer, due, &ext->TimerDpc);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  VoThread, ext);
    if (!NT_SUCCESS(status)) {
        IoFreeWorkItem(ext->IoWorkItem);
        return SP_RETURN_ERROR;
    }
    ObReferenceObjectByHandle(thread, SYNCHRONIZE, NULL, KernelMode, &ext->ThreadObject, NULL);
    ZwClose(thread);

    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x11;
    return SP_RETURN_FOUND;
}

BOOLEAN
VoStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    PVO_EXT ext = (PVO_EXT)DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_FLUSH) {
        VoSendFlush(ext);
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, ext, Srb);
    } else {
        VoSendRead(ext, Srb);
    }
    return TRUE;
}

BOOLEAN
VoInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;
    ULONG i;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VO_EXT);
    init.HwFindAdapter = VoFindAdapter;
    init.HwInitialize = VoInitialize;
    init.HwStartIo = VoStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath,
                                (PHW_INITIALIZATION_DATA)&init, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    VoStorPortUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = VoUnload;
    VoStorPortDeviceControl = DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL];
    for (i = IRP_MJ_QUERY_EA; i <= IRP_MJ_SET_EA; i++) {
        DriverObject->MajorFunction[i] = VoPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] =
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = VoCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VoDeviceControl;
    return status;
}
