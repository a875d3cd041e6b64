/*
 * A physical miniport that declares every callback with its Storport role type, as SDV
 * asks. The callbacks are also registered in DriverEntry, as any real driver does: the
 * role-type declaration wins (found_by role_type). HwTracingEnabled is declared but never
 * registered: the role type alone makes it an entry point.
 */
// expect-kind: physical

#include <storport.h>

#define RT_TAG 'tRhP'
#define RT_MAX_TRANSFER (128 * 1024)

typedef struct _RT_DEVICE_EXTENSION {
    PUCHAR Registers;
    ULONG OutstandingRequests;
    BOOLEAN Resetting;
    BOOLEAN TracingOn;
} RT_DEVICE_EXTENSION, *PRT_DEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER RtFindAdapter;
HW_INITIALIZE RtInitialize;
HW_STARTIO RtStartIo;
HW_BUILDIO RtBuildIo;
HW_INTERRUPT RtInterrupt;
HW_RESET_BUS RtResetBus;
HW_ADAPTER_CONTROL RtAdapterControl;
HW_UNIT_CONTROL RtUnitControl;
HW_ADAPTER_STATE RtAdapterState;
HW_TRACING_ENABLED RtTracingEnabled;

static VOID RtCompleteSrb(PRT_DEVICE_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, UCHAR Status);

NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=role_type
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    HW_INITIALIZATION_DATA hwInit;

    RtlZeroMemory(&hwInit, sizeof(hwInit));
    hwInit.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType = PCIBus;
    hwInit.HwFindAdapter = RtFindAdapter;
    hwInit.HwInitialize = RtInitialize;
    hwInit.HwStartIo = RtStartIo;
    hwInit.HwBuildIo = RtBuildIo;
    hwInit.HwInterrupt = RtInterrupt;
    hwInit.HwResetBus = RtResetBus;
    hwInit.HwAdapterControl = RtAdapterControl;
    hwInit.HwUnitControl = RtUnitControl;
    hwInit.HwAdapterState = RtAdapterState;
    hwInit.DeviceExtensionSize = sizeof(RT_DEVICE_EXTENSION);
    hwInit.NumberOfAccessRanges = 1;
    hwInit.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hwInit.TaggedQueuing = TRUE;
    hwInit.AutoRequestSense = TRUE;
    hwInit.MultipleRequestPerLu = TRUE;

    return StorPortInitialize(DriverObject, RegistryPath, &hwInit, NULL);
}

ULONG
RtFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=role_type
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_z_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PRT_DEVICE_EXTENSION ext = (PRT_DEVICE_EXTENSION)DeviceExtension;
    PACCESS_RANGE range = &(*ConfigInfo->AccessRanges)[0];

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = RT_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = RT_MAX_TRANSFER / PAGE_SIZE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;

    if (range->RangeLength == 0) {
        return SP_RETURN_NOT_FOUND;
    }
    ext->Registers = (PUCHAR)StorPortGetDeviceBase(DeviceExtension,
                                                   ConfigInfo->AdapterInterfaceType,
                                                   ConfigInfo->SystemIoBusNumber,
                                                   range->RangeStart,
                                                   range->RangeLength,
                                                   (BOOLEAN)!range->RangeInMemory);
    if (ext->Registers == NULL) {
        return SP_RETURN_ERROR;
    }
    return SP_RETURN_FOUND;
}

BOOLEAN
RtInitialize(  // expect-entry: HW_INITIALIZE by=role_type
    _In_ PVOID DeviceExtension
    )
{
    PRT_DEVICE_EXTENSION ext = (PRT_DEVICE_EXTENSION)DeviceExtension;

    StorPortWriteRegisterUlong(ext, (PULONG)(ext->Registers + 0x10), 1);
    ext->OutstandingRequests = 0;
    return TRUE;
}

BOOLEAN
RtBuildIo(  // expect-entry: HW_BUILDIO by=role_type
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        return TRUE;
    }
    RtlZeroMemory(Srb->SrbExtension, 64);
    return TRUE;
}

BOOLEAN
RtStartIo(  // expect-entry: HW_STARTIO by=role_type
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PRT_DEVICE_EXTENSION ext = (PRT_DEVICE_EXTENSION)DeviceExtension;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        if (ext->Resetting) {
            RtCompleteSrb(ext, Srb, SRB_STATUS_BUSY);
            break;
        }
        ext->OutstandingRequests++;
        StorPortWriteRegisterUlong(ext, (PULONG)(ext->Registers + 0x20),
                                   (ULONG)(ULONG_PTR)Srb->SrbExtension);
        break;
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
        RtCompleteSrb(ext, Srb, SRB_STATUS_SUCCESS);
        break;
    default:
        RtCompleteSrb(ext, Srb, SRB_STATUS_INVALID_REQUEST);
        break;
    }
    return TRUE;
}

BOOLEAN
RtInterrupt(  // expect-entry: HW_INTERRUPT by=role_type
    _In_ PVOID DeviceExtension
    )
{
    PRT_DEVICE_EXTENSION ext = (PRT_DEVICE_EXTENSION)DeviceExtension;
    ULONG status = StorPortReadRegisterUlong(ext, (PULONG)(ext->Registers + 0x04));

    if ((status & 1) == 0) {
        return FALSE;
    }
    StorPortWriteRegisterUlong(ext, (PULONG)(ext->Registers + 0x04), status);
    if (ext->OutstandingRequests > 0) {
        ext->OutstandingRequests--;
    }
    return TRUE;
}

BOOLEAN
RtResetBus(  // expect-entry: HW_RESET_BUS by=role_type
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    PRT_DEVICE_EXTENSION ext = (PRT_DEVICE_EXTENSION)DeviceExtension;

    ext->Resetting = TRUE;
    StorPortCompleteRequest(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    ext->Resetting = FALSE;
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
RtAdapterControl(  // expect-entry: HW_ADAPTER_CONTROL by=role_type
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);
    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

SCSI_UNIT_CONTROL_STATUS
RtUnitControl(  // expect-entry: HW_UNIT_CONTROL by=role_type
    _In_ PVOID DeviceExtension,
    _In_ SCSI_UNIT_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);
    if (ControlType == ScsiQuerySupportedUnitControlTypes) {
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiQuerySupportedUnitControlTypes] = TRUE;
        return ScsiUnitControlSuccess;
    }
    return ScsiUnitControlUnsuccessful;
}

BOOLEAN
RtAdapterState(  // expect-entry: HW_ADAPTER_STATE by=role_type
    _In_ PVOID DeviceExtension,
    _In_ PVOID Context,
    _In_ BOOLEAN SaveState
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(SaveState);
    return TRUE;
}

VOID
RtTracingEnabled(  // expect-entry: HW_TRACING_ENABLED by=role_type
    _In_ PVOID HwDeviceExtension,
    _In_ BOOLEAN Enabled
    )
{
    PRT_DEVICE_EXTENSION ext = (PRT_DEVICE_EXTENSION)HwDeviceExtension;

    ext->TracingOn = Enabled;
}

static VOID
RtCompleteSrb(
    PRT_DEVICE_EXTENSION Ext,
    PSCSI_REQUEST_BLOCK Srb,
    UCHAR Status
    )
{
    Srb->SrbStatus = Status;
    StorPortNotification(RequestComplete, Ext, Srb);
}
