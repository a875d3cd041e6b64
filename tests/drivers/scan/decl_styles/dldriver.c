/*
 * Definitions after role-type declarations, with _Use_decl_annotations_ and the name on
 * the same line as the return type or on the next one.
 */
// expect-kind: physical

#include "dldriver.h"

static HW_INTERRUPT DlInterrupt;
static
HW_ADAPTER_CONTROL DlAdapterControl;

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=role_type
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(DL_EXT);
    init.HwFindAdapter = DlFindAdapter;
    init.HwInitialize = DlInitialize;
    init.HwStartIo = DlStartIo;
    init.HwBuildIo = DlBuildIo;
    init.HwInterrupt = DlInterrupt;
    init.HwAdapterControl = DlAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}

_Use_decl_annotations_
ULONG DlFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=role_type
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again)
{
    PDL_EXT ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x41;
    ext->Pending = 0;
    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
BOOLEAN
DlInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=role_type
{
    PDL_EXT ext = DeviceExtension;

    StorPortInitializeDpc(ext, &ext->CompletionDpc, DlCompletionDpc);
    return StorPortEnablePassiveInitialization(ext, DlPassiveInit);
}

_Use_decl_annotations_
BOOLEAN
DlPassiveInit(PVOID DeviceExtension)  // expect-entry: HW_PASSIVE_INITIALIZE_ROUTINE by=role_type
{
    ((PDL_EXT)DeviceExtension)->PassiveDone = TRUE;
    return TRUE;
}

_Use_decl_annotations_ BOOLEAN DlBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_BUILDIO by=role_type
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return Srb->DataTransferLength <= 0x40000;
}

_Use_decl_annotations_ BOOLEAN DlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=role_type
{
    PDL_EXT ext = DeviceExtension;

    ext->Pending++;
    DlRingDoorbell(ext, (ULONG)(ULONG_PTR)Srb->SrbExtension);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
DlInterrupt(  // expect-entry: HW_INTERRUPT by=role_type
    PVOID DeviceExtension)
{
    PDL_EXT ext = DeviceExtension;

    if (StorPortReadRegisterUlong(ext, ext->Mmio) == 0) {
        return FALSE;
    }
    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

_Use_decl_annotations_
VOID
DlCompletionDpc(  // expect-entry: HW_DPC_ROUTINE by=role_type
    PSTOR_DPC Dpc,
    PVOID HwDeviceExtension,
    PVOID SystemArgument1,
    PVOID SystemArgument2)
{
    PDL_EXT ext = HwDeviceExtension;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    ext->Pending = 0;
}

_Use_decl_annotations_
static SCSI_ADAPTER_CONTROL_STATUS
DlAdapterControl(  // expect-entry: HW_ADAPTER_CONTROL by=role_type
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Parameters);
    return ControlType <= ScsiStopAdapter ? ScsiAdapterControlSuccess
                                          : ScsiAdapterControlUnsuccessful;
}

_Use_decl_annotations_
VOID
DlRingDoorbell(PDL_EXT Ext, ULONG Value)
{
    StorPortWriteRegisterUlong(Ext, Ext->Mmio + 1, Value);
}
