/*
 * vminiport: the worker thread, forwarding SRBs to the backing device, registry helpers.
 */

#include "vminiport.h"

_Use_decl_annotations_
NTSTATUS
VmQueryUlong(
    HANDLE Key,
    PCWSTR Name,
    PULONG Value
    )
{
    const ULONG size = sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG);
    PKEY_VALUE_PARTIAL_INFORMATION info;
    UNICODE_STRING valueName;
    ULONG resultLength;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, size, VM_TAG);
    if (info == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info, size,
                             &resultLength);
    if (NT_SUCCESS(status)) {
        if (info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            *Value = *(PULONG)info->Data;
        } else {
            status = STATUS_OBJECT_TYPE_MISMATCH;
        }
    }
    ExFreePoolWithTag(info, VM_TAG);
    return status;
}

_Use_decl_annotations_
VOID
VmCompleteSrb(
    PVM_ADAPTER Adapter,
    PSCSI_REQUEST_BLOCK Srb,
    UCHAR Status
    )
{
    Srb->SrbStatus = Status;
    if (Status != SRB_STATUS_SUCCESS) {
        Srb->DataTransferLength = 0;
    }
    StorPortNotification(RequestComplete, Adapter, Srb);
}

_Use_decl_annotations_
NTSTATUS
VmIoCompletion(  // expect-entry: IO_COMPLETION_ROUTINE by=role_type
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp,
    PVOID Context
    )
{
    PSCSI_REQUEST_BLOCK srb = (PSCSI_REQUEST_BLOCK)Context;
    PVM_SRB_EXTENSION srbExt = (PVM_SRB_EXTENSION)srb->SrbExtension;
    UCHAR status;

    UNREFERENCED_PARAMETER(DeviceObject);
    status = NT_SUCCESS(Irp->IoStatus.Status) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    if (Irp->MdlAddress != NULL) {
        IoFreeMdl(Irp->MdlAddress);
        Irp->MdlAddress = NULL;
    }
    IoFreeIrp(Irp);
    VmCompleteSrb(srbExt->Adapter, srb, status);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static ULONG
VmCdbBlock(
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    return ((ULONG)Srb->Cdb[2] << 24) | ((ULONG)Srb->Cdb[3] << 16) |
           ((ULONG)Srb->Cdb[4] << 8) | (ULONG)Srb->Cdb[5];
}

_IRQL_requires_(PASSIVE_LEVEL)
static VOID
VmForwardSrb(
    _In_ PVM_ADAPTER Adapter,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PIO_STACK_LOCATION stack;
    PVOID buffer;
    PMDL mdl;
    PIRP irp;

    if (StorPortGetSystemAddress(Adapter, Srb, &buffer) != STOR_STATUS_SUCCESS) {
        VmCompleteSrb(Adapter, Srb, SRB_STATUS_ERROR);
        return;
    }
    irp = IoAllocateIrp(Adapter->BackingDevice->StackSize, FALSE);
    if (irp == NULL) {
        VmCompleteSrb(Adapter, Srb, SRB_STATUS_BUSY);
        return;
    }
    mdl = IoAllocateMdl(buffer, Srb->DataTransferLength, FALSE, FALSE, irp);
    if (mdl == NULL) {
        IoFreeIrp(irp);
        VmCompleteSrb(Adapter, Srb, SRB_STATUS_BUSY);
        return;
    }
    MmBuildMdlForNonPagedPool(mdl);

    stack = IoGetNextIrpStackLocation(irp);
    stack->MajorFunction = Srb->Cdb[0] == SCSIOP_READ ? IRP_MJ_READ : IRP_MJ_WRITE;
    stack->FileObject = Adapter->BackingFile;
    stack->Parameters.Read.Length = Srb->DataTransferLength;
    stack->Parameters.Read.ByteOffset.QuadPart = (LONGLONG)VmCdbBlock(Srb) * VM_SECTOR_SIZE;

    IoSetCompletionRoutine(irp, VmIoCompletion, Srb, TRUE, TRUE, TRUE);
    (VOID)IoCallDriver(Adapter->BackingDevice, irp);
}

_Use_decl_annotations_
VOID
VmWorkerThread(  // expect-entry: KSTART_ROUTINE by=role_type
    PVOID StartContext
    )
{
    PVM_ADAPTER adapter = (PVM_ADAPTER)StartContext;
    PVM_SRB_EXTENSION srbExt;
    PLIST_ENTRY entry;
    KIRQL irql;

    for (;;) {
        KeWaitForSingleObject(&adapter->WorkEvent, Executive, KernelMode, FALSE, NULL);
        KeClearEvent(&adapter->WorkEvent);

        for (;;) {
            KeAcquireSpinLock(&adapter->QueueLock, &irql);
            entry = IsListEmpty(&adapter->Queue) ? NULL : RemoveHeadList(&adapter->Queue);
            KeReleaseSpinLock(&adapter->QueueLock, irql);
            if (entry == NULL) {
                break;
            }
            srbExt = CONTAINING_RECORD(entry, VM_SRB_EXTENSION, Link);
            VmForwardSrb(adapter, srbExt->Srb);
        }

        if (adapter->StopRequested) {
            break;
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

_Use_decl_annotations_
VOID
VmStopWorker(
    PVM_ADAPTER Adapter
    )
{
    Adapter->StopRequested = TRUE;
    KeSetEvent(&Adapter->WorkEvent, IO_NO_INCREMENT, FALSE);  // expect: DoubleKeSetEvent -- already set by VmFreeAdapterResources
    if (Adapter->WorkerThread != NULL) {
        KeWaitForSingleObject(Adapter->WorkerThread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(Adapter->WorkerThread);
        Adapter->WorkerThread = NULL;
    }
}
