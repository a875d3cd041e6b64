/*
 * vminiport: driver entry and the Storport callbacks.
 */
// expect-kind: virtual

#include "vminiport.h"

ULONG VmMaxLuns = VM_DEFAULT_MAX_LUNS;
ULONG VmQueueDepth = VM_DEFAULT_QUEUE_DEPTH;

_Use_decl_annotations_
NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=role_type
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    NTSTATUS status;

    /* Optional tunables under the service key. */
    InitializeObjectAttributes(&attributes, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes);
    if (NT_SUCCESS(status)) {
        status = VmQueryUlong(key, L"MaxLuns", &VmMaxLuns);
        if (!NT_SUCCESS(status) && status != STATUS_OBJECT_NAME_NOT_FOUND) {
            return status;  // expect: ZwRegistryOpen -- the key is still open here
        }
        (VOID)VmQueryUlong(key, L"QueueDepth", &VmQueueDepth);
        ZwClose(key);
    }
    if (VmMaxLuns == 0 || VmMaxLuns > 8) {
        VmMaxLuns = VM_DEFAULT_MAX_LUNS;
    }

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.HwFindAdapter = VmFindAdapter;
    init.HwInitialize = VmInitialize;
    init.HwStartIo = VmStartIo;
    init.HwResetBus = VmResetBus;
    init.HwAdapterControl = VmAdapterControl;
    init.HwFreeAdapterResources = VmFreeAdapterResources;
    init.HwProcessServiceRequest = VmProcessServiceRequest;
    init.HwCompleteServiceIrp = VmCompleteServiceIrp;
    init.DeviceExtensionSize = sizeof(VM_ADAPTER);
    init.SrbExtensionSize = sizeof(VM_SRB_EXTENSION);
    init.TaggedQueuing = TRUE;
    init.AutoRequestSense = TRUE;
    init.MultipleRequestPerLu = TRUE;

    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}

_Use_decl_annotations_
ULONG
VmFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=role_type
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PVOID LowerDevice,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
{
    PVM_ADAPTER adapter = (PVM_ADAPTER)DeviceExtension;
    UNICODE_STRING name;
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = VM_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = VM_MAX_TRANSFER / PAGE_SIZE + 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = (UCHAR)VmMaxLuns;
    ConfigInfo->ScatterGather = TRUE;

    adapter->MaxLuns = VmMaxLuns;
    adapter->StopRequested = FALSE;
    adapter->ServiceIrp = NULL;
    adapter->WorkerThread = NULL;
    InitializeListHead(&adapter->Queue);
    KeInitializeSpinLock(&adapter->QueueLock);
    KeInitializeEvent(&adapter->WorkEvent, NotificationEvent, FALSE);

    RtlInitUnicodeString(&name, VM_BACKING_DEVICE_NAME);
    status = IoGetDeviceObjectPointer(&name, FILE_READ_DATA | FILE_WRITE_DATA,
                                      &adapter->BackingFile, &adapter->BackingDevice);
    if (!NT_SUCCESS(status)) {
        return SP_RETURN_NOT_FOUND;
    }

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  VmWorkerThread, adapter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(adapter->BackingFile);
        adapter->BackingFile = NULL;
        return SP_RETURN_ERROR;
    }
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&adapter->WorkerThread, NULL);
    if (!NT_SUCCESS(status)) {
        adapter->WorkerThread = NULL;
    }
    ZwClose(thread);
    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
BOOLEAN
VmInitialize(  // expect-entry: HW_INITIALIZE by=role_type
    PVOID DeviceExtension
    )
{
    PVM_ADAPTER adapter = (PVM_ADAPTER)DeviceExtension;

    return adapter->BackingDevice != NULL;
}

_Use_decl_annotations_
BOOLEAN
VmStartIo(  // expect-entry: HW_STARTIO by=role_type
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PVM_ADAPTER adapter = (PVM_ADAPTER)DeviceExtension;
    PVM_SRB_EXTENSION srbExt = (PVM_SRB_EXTENSION)Srb->SrbExtension;
    KIRQL irql;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        if (Srb->TargetId != 0 || Srb->Lun >= adapter->MaxLuns) {
            VmCompleteSrb(adapter, Srb, SRB_STATUS_NO_DEVICE);
            break;
        }
        switch (Srb->Cdb[0]) {
        case SCSIOP_READ:
        case SCSIOP_WRITE:
            srbExt->Srb = Srb;
            srbExt->Adapter = adapter;
            KeAcquireSpinLock(&adapter->QueueLock, &irql);
            InsertTailList(&adapter->Queue, &srbExt->Link);
            KeReleaseSpinLock(&adapter->QueueLock, irql);
            KeSetEvent(&adapter->WorkEvent, IO_NO_INCREMENT, FALSE);  // ok: DoubleKeSetEvent
            break;
        case SCSIOP_TEST_UNIT_READY:
            VmCompleteSrb(adapter, Srb, SRB_STATUS_SUCCESS);
            break;
        default:
            VmCompleteSrb(adapter, Srb, SRB_STATUS_INVALID_REQUEST);
            break;
        }
        break;
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        VmCompleteSrb(adapter, Srb, SRB_STATUS_SUCCESS);
        break;
    default:
        VmCompleteSrb(adapter, Srb, SRB_STATUS_INVALID_REQUEST);
        break;
    }
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
VmResetBus(  // expect-entry: HW_RESET_BUS by=role_type
    PVOID DeviceExtension,
    ULONG PathId
    )
{
    /* Requests in flight belong to the backing device; they complete on their own. */
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

_Use_decl_annotations_
SCSI_ADAPTER_CONTROL_STATUS
VmAdapterControl(  // expect-entry: HW_ADAPTER_CONTROL by=role_type
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);
    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
    case ScsiRestartAdapter:
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

_Use_decl_annotations_
VOID
VmFreeAdapterResources(  // expect-entry: HW_FREE_ADAPTER_RESOURCES by=role_type
    PVOID DeviceExtension
    )
{
    PVM_ADAPTER adapter = (PVM_ADAPTER)DeviceExtension;

    /* Wake the worker so that it sees StopRequested... and VmStopWorker wakes it again. */
    adapter->StopRequested = TRUE;
    KeSetEvent(&adapter->WorkEvent, IO_NO_INCREMENT, FALSE);
    VmStopWorker(adapter);

    if (adapter->BackingFile != NULL) {
        ObDereferenceObject(adapter->BackingFile);
        adapter->BackingFile = NULL;
        adapter->BackingDevice = NULL;
    }
}

_Use_decl_annotations_
VOID
VmProcessServiceRequest(  // expect-entry: HW_PROCESS_SERVICE_REQUEST by=role_type
    PVOID DeviceExtension,
    PVOID Irp
    )
{
    PVM_ADAPTER adapter = (PVM_ADAPTER)DeviceExtension;
    PIRP previous;
    KIRQL irql;

    /* Keep the newest service IRP for event notification; complete the one it replaces. */
    KeAcquireSpinLock(&adapter->QueueLock, &irql);
    previous = adapter->ServiceIrp;
    adapter->ServiceIrp = (PIRP)Irp;
    KeReleaseSpinLock(&adapter->QueueLock, irql);

    if (previous != NULL) {
        previous->IoStatus.Status = STATUS_CANCELLED;
        previous->IoStatus.Information = 0;
        IoCompleteRequest(previous, IO_NO_INCREMENT);
    }
}

_Use_decl_annotations_
VOID
VmCompleteServiceIrp(  // expect-entry: HW_COMPLETE_SERVICE_IRP by=role_type
    PVOID DeviceExtension
    )
{
    PVM_ADAPTER adapter = (PVM_ADAPTER)DeviceExtension;
    PIRP irp;
    KIRQL irql;

    KeAcquireSpinLock(&adapter->QueueLock, &irql);
    irp = adapter->ServiceIrp;
    adapter->ServiceIrp = NULL;
    KeReleaseSpinLock(&adapter->QueueLock, irql);

    if (irp != NULL) {
        irp->IoStatus.Status = STATUS_CANCELLED;
        irp->IoStatus.Information = 0;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
    }
}
