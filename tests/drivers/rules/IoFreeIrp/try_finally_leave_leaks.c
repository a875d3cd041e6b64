// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * __try / __finally with __leave. HwStorBuildIo allocates the IRP inside a guarded
 * block and relies on the __finally block to free it on failure -- but only "if
 * AbnormalTermination()", and __leave is a normal termination. The oversized-request
 * path leaves with the IRP neither freed nor given a completion routine, and BuildIo
 * exits through the return after the __finally block.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VT_ADAPTER {
    PDEVICE_OBJECT Lower;
    ULONG MaxTransfer;
} VT_ADAPTER, *PVT_ADAPTER;

NTSTATUS
VtIoCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSCSI_REQUEST_BLOCK srb = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    srb->SrbStatus = NT_SUCCESS(Irp->IoStatus.Status) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

BOOLEAN
VtBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVT_ADAPTER adapter = DeviceExtension;
    PIRP irp = NULL;
    BOOLEAN sent = FALSE;

    __try {
        irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
        if (irp == NULL) {
            __leave;
        }
        if (Srb->DataTransferLength > adapter->MaxTransfer) {
            __leave;
        }
        IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_SCSI;
        IoGetNextIrpStackLocation(irp)->Parameters.Scsi.Srb = Srb;
        IoSetCompletionRoutine(irp, VtIoCompletion, Srb, TRUE, TRUE, TRUE);
        IoCallDriver(adapter->Lower, irp);
        sent = TRUE;
    } __finally {
        if (AbnormalTermination() && irp != NULL) {
            IoFreeIrp(irp);
        }
    }
    if (!sent) {
        Srb->SrbStatus = SRB_STATUS_ERROR;
        StorPortNotification(RequestComplete, adapter, Srb);
    }
    return FALSE;                                   // expect: IoFreeIrp
}

BOOLEAN
VtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
VtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVT_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    adapter->MaxTransfer = 0x40000;
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VtInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VT_ADAPTER);
    init.HwFindAdapter = VtFindAdapter;
    init.HwInitialize = VtInitialize;
    init.HwBuildIo = VtBuildIo;
    init.HwStartIo = VtStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
