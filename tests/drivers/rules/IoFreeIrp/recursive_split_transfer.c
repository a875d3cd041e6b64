// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * A recursive helper. VsSendChunk splits a large transfer: each chunk gets its own IRP
 * with a completion routine, then the helper recurses on the rest -- except the last
 * chunk, which is sent with no completion routine. StartIo only splits transfers larger
 * than one chunk, so the leaking IRP is always allocated one or more recursion levels
 * down. The IRPs are allocated (through the helper) by HwStorStartIo, so the leak is
 * reported on StartIo's return. When an allocation fails the helper returns FALSE before
 * creating an IRP for that chunk, so the busy exit carries no open obligation.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VS_ADAPTER {
    PDEVICE_OBJECT Lower;
    ULONG ChunkBytes;
} VS_ADAPTER, *PVS_ADAPTER;

NTSTATUS
VsChunkCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSCSI_REQUEST_BLOCK srb = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (!NT_SUCCESS(Irp->IoStatus.Status)) {
        srb->SrbStatus = SRB_STATUS_ERROR;
    }
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static BOOLEAN
VsSendChunk(PVS_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb, ULONG Offset, ULONG Remaining)
{
    ULONG length = Remaining < Adapter->ChunkBytes ? Remaining : Adapter->ChunkBytes;
    PIO_STACK_LOCATION next;
    PIRP irp;

    irp = IoAllocateIrp(Adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        return FALSE;
    }
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = Srb->Cdb[0] == SCSIOP_WRITE ? IRP_MJ_WRITE : IRP_MJ_READ;
    next->Parameters.Read.Length = length;
    next->Parameters.Read.ByteOffset.QuadPart = Offset;
    if (Remaining > length) {
        IoSetCompletionRoutine(irp, VsChunkCompletion, Srb, TRUE, TRUE, TRUE);
        IoCallDriver(Adapter->Lower, irp);
        return VsSendChunk(Adapter, Srb, Offset + length, Remaining - length);
    }
    /* Last chunk: no completion routine. */
    IoCallDriver(Adapter->Lower, irp);
    return TRUE;
}

BOOLEAN
VsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVS_ADAPTER adapter = DeviceExtension;

    if (Srb->DataTransferLength <= adapter->ChunkBytes) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                                // ok: IoFreeIrp
    }
    if (!VsSendChunk(adapter, Srb, 0, Srb->DataTransferLength)) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                                // ok: IoFreeIrp
    }
    return TRUE;                                    // expect: IoFreeIrp
}

ULONG
VsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVS_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    adapter->ChunkBytes = 0x10000;
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VsInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VS_ADAPTER);
    init.HwFindAdapter = VsFindAdapter;
    init.HwInitialize = VsInitialize;
    init.HwStartIo = VsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
