/*
 * A virtual miniport registered through VIRTUAL_HW_INITIALIZATION_DATA, no role types:
 * the 7-parameter FindAdapter, the virtual-only service-request routines, adapter
 * resources and tracing callbacks.
 */
// expect-kind: virtual

#include <ntddk.h>
#include <storport.h>

#define VR_TAG 'rVmV'

typedef struct _VR_ADAPTER {
    LIST_ENTRY PendingIoctls;
    KSPIN_LOCK IoctlLock;
    PIRP ServiceIrp;
    PVOID TraceContext;
    ULONG TargetCount;
} VR_ADAPTER, *PVR_ADAPTER;

ULONG
VrFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PVOID LowerDevice,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
{
    PVR_ADAPTER adapter = (PVR_ADAPTER)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    InitializeListHead(&adapter->PendingIoctls);
    KeInitializeSpinLock(&adapter->IoctlLock);
    adapter->TargetCount = 4;

    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    ConfigInfo->MaximumNumberOfTargets = (UCHAR)adapter->TargetCount;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VrInitialize(  // expect-entry: HW_INITIALIZE by=registration
    PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VrStartIo(  // expect-entry: HW_STARTIO by=registration
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PVR_ADAPTER adapter = (PVR_ADAPTER)DeviceExtension;

    if (Srb->TargetId >= adapter->TargetCount) {
        Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
    } else {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
VrBuildIo(  // expect-entry: HW_BUILDIO by=registration
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return Srb->Function == SRB_FUNCTION_EXECUTE_SCSI;
}

BOOLEAN
VrResetBus(  // expect-entry: HW_RESET_BUS by=registration
    PVOID DeviceExtension,
    ULONG PathId
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VrAdapterControl(  // expect-entry: HW_ADAPTER_CONTROL by=registration
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Parameters);
    return ControlType == ScsiQuerySupportedControlTypes ? ScsiAdapterControlSuccess
                                                         : ScsiAdapterControlUnsuccessful;
}

VOID
VrProcessServiceRequest(  // expect-entry: HW_PROCESS_SERVICE_REQUEST by=registration
    PVOID DeviceExtension,
    PVOID Irp
    )
{
    PVR_ADAPTER adapter = (PVR_ADAPTER)DeviceExtension;
    PIRP irp = (PIRP)Irp;
    KIRQL irql;

    KeAcquireSpinLock(&adapter->IoctlLock, &irql);
    InsertTailList(&adapter->PendingIoctls, &irp->Tail.Overlay.ListEntry);
    KeReleaseSpinLock(&adapter->IoctlLock, irql);
}

VOID
VrCompleteServiceIrp(  // expect-entry: HW_COMPLETE_SERVICE_IRP by=registration
    PVOID DeviceExtension
    )
{
    PVR_ADAPTER adapter = (PVR_ADAPTER)DeviceExtension;
    PLIST_ENTRY entry;
    PIRP irp;
    KIRQL irql;

    KeAcquireSpinLock(&adapter->IoctlLock, &irql);
    while (!IsListEmpty(&adapter->PendingIoctls)) {
        entry = RemoveHeadList(&adapter->PendingIoctls);
        irp = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
        irp->IoStatus.Status = STATUS_CANCELLED;
        irp->IoStatus.Information = 0;
        KeReleaseSpinLock(&adapter->IoctlLock, irql);
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        KeAcquireSpinLock(&adapter->IoctlLock, &irql);
    }
    KeReleaseSpinLock(&adapter->IoctlLock, irql);
}

VOID
VrFreeAdapterResources(  // expect-entry: HW_FREE_ADAPTER_RESOURCES by=registration
    PVOID DeviceExtension
    )
{
    PVR_ADAPTER adapter = (PVR_ADAPTER)DeviceExtension;

    adapter->TargetCount = 0;
}

VOID
VrInitializeTracing(  // expect-entry: HW_INITIALIZE_TRACING by=registration
    PVOID Arg1,
    PVOID Arg2
    )
{
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
}

VOID
VrCleanupTracing(  // expect-entry: HW_CLEANUP_TRACING by=registration
    PVOID Arg1
    )
{
    UNREFERENCED_PARAMETER(Arg1);
}

NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA virtInit;

    RtlZeroMemory(&virtInit, sizeof(virtInit));
    virtInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    virtInit.HwFindAdapter = VrFindAdapter;
    virtInit.HwInitialize = VrInitialize;
    virtInit.HwStartIo = VrStartIo;
    virtInit.HwBuildIo = VrBuildIo;
    virtInit.HwResetBus = VrResetBus;
    virtInit.HwAdapterControl = VrAdapterControl;
    virtInit.HwProcessServiceRequest = VrProcessServiceRequest;
    virtInit.HwCompleteServiceIrp = VrCompleteServiceIrp;
    virtInit.HwFreeAdapterResources = VrFreeAdapterResources;
    virtInit.HwInitializeTracing = VrInitializeTracing;
    virtInit.HwCleanupTracing = VrCleanupTracing;
    virtInit.AdapterInterfaceType = Internal;
    virtInit.DeviceExtensionSize = sizeof(VR_ADAPTER);
    virtInit.MultipleRequestPerLu = TRUE;
    virtInit.PortVersionFlags = 0;

    return StorPortInitialize(DriverObject, RegistryPath, &virtInit, NULL);
}
