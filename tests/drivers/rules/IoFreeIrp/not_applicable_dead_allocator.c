// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=not_applicable
// expect-kind: virtual
/*
 * The rule is applicable only when IoAllocateIrp is reachable. This driver builds its
 * lower IRPs with IoBuildAsynchronousFsdRequest and frees them with IoFreeIrp in the
 * completion routine (both reachable, neither monitored as an allocation). The only
 * IoAllocateIrp, with a leak, is in a static helper left over from an older design that
 * nothing calls.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VN_ADAPTER {
    PDEVICE_OBJECT Lower;
    IO_STATUS_BLOCK LastIo;
} VN_ADAPTER, *PVN_ADAPTER;

static VOID
VnLegacySendTur(PVN_ADAPTER Adapter)
{
    PIRP irp = IoAllocateIrp(Adapter->Lower->StackSize, FALSE);

    if (irp != NULL) {
        IoCallDriver(Adapter->Lower, irp);
    }
}                                                   // ok: IoFreeIrp -- unreachable

NTSTATUS
VnReadCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSCSI_REQUEST_BLOCK srb = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    srb->SrbStatus = NT_SUCCESS(Irp->IoStatus.Status) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

BOOLEAN
VnStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVN_ADAPTER adapter = DeviceExtension;
    LARGE_INTEGER offset;
    PIRP irp;

    offset.QuadPart = (LONGLONG)((ULONG)Srb->Cdb[2] << 24 | (ULONG)Srb->Cdb[3] << 16 |
                                 (ULONG)Srb->Cdb[4] << 8 | Srb->Cdb[5]) * 512;
    irp = IoBuildAsynchronousFsdRequest(Srb->Cdb[0] == SCSIOP_WRITE ? IRP_MJ_WRITE : IRP_MJ_READ,
                                        adapter->Lower, Srb->DataBuffer,
                                        Srb->DataTransferLength, &offset, &adapter->LastIo);
    if (irp == NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;
    }
    IoSetCompletionRoutine(irp, VnReadCompletion, Srb, TRUE, TRUE, TRUE);
    IoCallDriver(adapter->Lower, irp);
    return TRUE;
}

ULONG
VnFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVN_ADAPTER adapter = DeviceExtension;

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

BOOLEAN VnInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VN_ADAPTER);
    init.HwFindAdapter = VnFindAdapter;
    init.HwInitialize = VnInitialize;
    init.HwStartIo = VnStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
