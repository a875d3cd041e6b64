// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * Driver macros: VM_ALLOC_IRP wraps IoAllocateIrp and VM_FAIL_SRB completes the SRB and
 * *returns* from StartIo. The return through which StartIo leaks the IRP comes from a
 * macro expansion, so it is reported on the line where VM_FAIL_SRB is invoked: the
 * oversized-transfer check, which fails the SRB without freeing the IRP allocated just
 * before. The allocation-failure use of the same macro is fine.
 */

#include <ntddk.h>
#include <storport.h>

#define VM_ALLOC_IRP(a)         IoAllocateIrp((a)->Lower->StackSize, FALSE)
#define VM_FAIL_SRB(a, srb, st) \
    do { (srb)->SrbStatus = (st); StorPortNotification(RequestComplete, (a), (srb)); return TRUE; } while (0)

typedef struct _VM_ADAPTER {
    PDEVICE_OBJECT Lower;
    ULONG MaxTransfer;
} VM_ADAPTER, *PVM_ADAPTER;

NTSTATUS
VmIoCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSCSI_REQUEST_BLOCK srb = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    srb->SrbStatus = NT_SUCCESS(Irp->IoStatus.Status) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

BOOLEAN
VmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVM_ADAPTER adapter = DeviceExtension;
    PIRP irp;

    irp = VM_ALLOC_IRP(adapter);
    if (irp == NULL) {
        VM_FAIL_SRB(adapter, Srb, SRB_STATUS_BUSY);                 // ok: IoFreeIrp
    }
    if (Srb->DataTransferLength > adapter->MaxTransfer) {
        VM_FAIL_SRB(adapter, Srb, SRB_STATUS_INVALID_REQUEST);      // expect: IoFreeIrp
    }
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_SCSI;
    IoGetNextIrpStackLocation(irp)->Parameters.Scsi.Srb = Srb;
    IoSetCompletionRoutine(irp, VmIoCompletion, Srb, TRUE, TRUE, TRUE);
    IoCallDriver(adapter->Lower, irp);
    return TRUE;                                                    // ok: IoFreeIrp
}

ULONG
VmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVM_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    adapter->MaxTransfer = 0x10000;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = adapter->MaxTransfer;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VmInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VM_ADAPTER);
    init.HwFindAdapter = VmFindAdapter;
    init.HwInitialize = VmInitialize;
    init.HwStartIo = VmStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
