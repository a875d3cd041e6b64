/*
 * A virtual miniport that passes its VIRTUAL_HW_INITIALIZATION_DATA to StorPortInitialize
 * through a cast to PHW_INITIALIZATION_DATA, as most do. The type at the call looks
 * physical; FindAdapter's seven parameters make the driver virtual.
 */
// expect-kind: virtual

#include <ntddk.h>
#include <storport.h>

typedef struct _VC_EXT {
    ULONG Luns;
    BOOLEAN Stopped;
} VC_EXT, *PVC_EXT;

static ULONG
VcFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _In_ PBOOLEAN Again
    )
{
    PVC_EXT ext = (PVC_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Again);
    ext->Luns = 1;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 64 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    return SP_RETURN_FOUND;
}

static BOOLEAN
VcInitialize(_In_ PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    ((PVC_EXT)DeviceExtension)->Stopped = FALSE;
    return TRUE;
}

static BOOLEAN
VcStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    PVC_EXT ext = (PVC_EXT)DeviceExtension;

    Srb->SrbStatus = ext->Stopped ? SRB_STATUS_ABORTED : SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

static VOID
VcFreeAdapterResources(_In_ PVOID DeviceExtension)  // expect-entry: HW_FREE_ADAPTER_RESOURCES by=registration
{
    ((PVC_EXT)DeviceExtension)->Stopped = TRUE;
}

static VOID
VcProcessServiceRequest(_In_ PVOID DeviceExtension, _In_ PVOID Irp)  // expect-entry: HW_PROCESS_SERVICE_REQUEST by=registration
{
    PIRP irp = (PIRP)Irp;

    UNREFERENCED_PARAMETER(DeviceExtension);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static VOID
VcCompleteServiceIrp(_In_ PVOID DeviceExtension)  // expect-entry: HW_COMPLETE_SERVICE_IRP by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA virtInit;
    NTSTATUS status;

    RtlZeroMemory(&virtInit, sizeof(VIRTUAL_HW_INITIALIZATION_DATA));
    virtInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    virtInit.AdapterInterfaceType = Internal;
    virtInit.HwFindAdapter = VcFindAdapter;
    virtInit.HwInitialize = VcInitialize;
    virtInit.HwStartIo = VcStartIo;
    virtInit.HwFreeAdapterResources = VcFreeAdapterResources;
    virtInit.HwProcessServiceRequest = VcProcessServiceRequest;
    virtInit.HwCompleteServiceIrp = VcCompleteServiceIrp;
    virtInit.DeviceExtensionSize = sizeof(VC_EXT);

    status = StorPortInitialize(DriverObject,
                                RegistryPath,
                                (PHW_INITIALIZATION_DATA)&virtInit,
                                NULL);
    return status;
}
