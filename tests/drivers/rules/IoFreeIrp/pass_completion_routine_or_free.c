// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=pass
// expect-kind: virtual
/*
 * Correct IRP handling. HwStorStartIo forwards reads and writes with a completion routine
 * that completes the SRB and frees the IRP (the usual asynchronous pattern), and frees
 * the IRP itself when the request cannot be forwarded. HwStorInitialize sends a
 * synchronous query: completion routine, wait, then IoFreeIrp. Every exit passes.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VP_ADAPTER {
    PDEVICE_OBJECT Lower;
    KEVENT QueryDone;
    ULONG MaxTransfer;
} VP_ADAPTER, *PVP_ADAPTER;

NTSTATUS
VpIoCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSCSI_REQUEST_BLOCK srb = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    srb->SrbStatus = NT_SUCCESS(Irp->IoStatus.Status) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;         // ok: IoFreeIrp
}

NTSTATUS
VpSyncCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

BOOLEAN
VpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVP_ADAPTER adapter = DeviceExtension;
    PIRP irp;
    PIO_STACK_LOCATION next;

    irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                                // ok: IoFreeIrp
    }
    if (Srb->DataTransferLength > adapter->MaxTransfer) {
        IoFreeIrp(irp);
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                                // ok: IoFreeIrp
    }
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_SCSI;
    next->Parameters.Scsi.Srb = Srb;
    IoSetCompletionRoutine(irp, VpIoCompletion, Srb, TRUE, TRUE, TRUE);
    IoCallDriver(adapter->Lower, irp);
    return TRUE;                                    // ok: IoFreeIrp
}

BOOLEAN
VpInitialize(PVOID DeviceExtension)
{
    PVP_ADAPTER adapter = DeviceExtension;
    PIRP irp;

    irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        return FALSE;                               // ok: IoFreeIrp
    }
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;
    IoGetNextIrpStackLocation(irp)->Parameters.DeviceIoControl.OutputBufferLength = sizeof(ULONG);
    irp->AssociatedIrp.SystemBuffer = &adapter->MaxTransfer;
    KeInitializeEvent(&adapter->QueryDone, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, VpSyncCompletion, &adapter->QueryDone, TRUE, TRUE, TRUE);
    if (IoCallDriver(adapter->Lower, irp) == STATUS_PENDING) {
        KeWaitForSingleObject(&adapter->QueryDone, Executive, KernelMode, FALSE, NULL);
    }
    IoFreeIrp(irp);
    return TRUE;                                    // ok: IoFreeIrp
}

ULONG
VpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVP_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    adapter->MaxTransfer = 0x20000;
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VP_ADAPTER);
    init.HwFindAdapter = VpFindAdapter;
    init.HwInitialize = VpInitialize;
    init.HwStartIo = VpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
