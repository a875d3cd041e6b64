/*
 * Registration through a C99 designated initializer of the HW_INITIALIZATION_DATA
 * (with and without `&`), callbacks defined after DriverEntry behind plain prototypes.
 */
// expect-kind: physical

#include <storport.h>

typedef struct _DS_EXT {
    volatile ULONG *Csr;
    ULONG Pending;
} DS_EXT, *PDS_EXT;

ULONG DsFindAdapter(PVOID, PVOID, PVOID, PCHAR, PPORT_CONFIGURATION_INFORMATION, PBOOLEAN);
BOOLEAN DsInitialize(PVOID);
BOOLEAN DsStartIo(PVOID, PSCSI_REQUEST_BLOCK);
BOOLEAN DsBuildIo(PVOID, PSCSI_REQUEST_BLOCK);
BOOLEAN DsInterrupt(PVOID);
SCSI_ADAPTER_CONTROL_STATUS DsAdapterControl(PVOID, SCSI_ADAPTER_CONTROL_TYPE, PVOID);

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init = {
        .HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA),
        .AdapterInterfaceType = PCIBus,
        .HwFindAdapter = DsFindAdapter,
        .HwInitialize = &DsInitialize,
        .HwStartIo = DsStartIo,
        .HwBuildIo = &DsBuildIo,
        .HwInterrupt = DsInterrupt,
        .HwAdapterControl = DsAdapterControl,
        .DeviceExtensionSize = sizeof(DS_EXT),
        .SrbExtensionSize = 128,
        .NumberOfAccessRanges = 2,
        .MapBuffers = STOR_MAP_NO_BUFFERS,
        .TaggedQueuing = TRUE,
        .MultipleRequestPerLu = TRUE,
    };

    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}

ULONG
DsFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again)
{
    PDS_EXT ext = (PDS_EXT)DeviceExtension;

    (void)HwContext;
    (void)BusInformation;
    (void)ArgumentString;
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 1024 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks = 257;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ext->Csr = (volatile ULONG *)StorPortGetDeviceBase(ext, ConfigInfo->AdapterInterfaceType,
                                                       ConfigInfo->SystemIoBusNumber,
                                                       (*ConfigInfo->AccessRanges)[1].RangeStart,
                                                       (*ConfigInfo->AccessRanges)[1].RangeLength,
                                                       FALSE);
    return ext->Csr ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
DsInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    PDS_EXT ext = (PDS_EXT)DeviceExtension;

    ext->Csr[0] = 0x1;
    return TRUE;
}

BOOLEAN
DsBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_BUILDIO by=registration
{
    PSTOR_SCATTER_GATHER_LIST sgl = StorPortGetScatterGatherList(DeviceExtension, Srb);

    return sgl != NULL || Srb->DataTransferLength == 0;
}

BOOLEAN
DsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    PDS_EXT ext = (PDS_EXT)DeviceExtension;

    ext->Pending++;
    ext->Csr[4] = (ULONG)(ULONG_PTR)Srb->SrbExtension;
    return TRUE;
}

BOOLEAN
DsInterrupt(PVOID DeviceExtension)  // expect-entry: HW_INTERRUPT by=registration
{
    PDS_EXT ext = (PDS_EXT)DeviceExtension;
    ULONG cause = ext->Csr[1];

    if (cause == 0) {
        return FALSE;
    }
    ext->Csr[1] = cause;
    ext->Pending--;
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
DsAdapterControl(  // expect-entry: HW_ADAPTER_CONTROL by=registration
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters)
{
    (void)DeviceExtension;
    if (ControlType == ScsiQuerySupportedControlTypes) {
        ((PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters)->SupportedTypeList[0] = TRUE;
    }
    return ScsiAdapterControlSuccess;
}
