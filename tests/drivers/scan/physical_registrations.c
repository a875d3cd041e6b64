/*
 * A physical miniport with no role-type declarations at all: every callback is found
 * through its assignment to a field of the HW_INITIALIZATION_DATA passed to
 * StorPortInitialize, DriverEntry by its name. The opcode handlers reached through a
 * function-pointer table are ordinary functions, not entry points.
 */
// expect-kind: physical

#include <storport.h>

typedef struct _RG_EXTENSION {
    PULONG Doorbell;
    ULONG QueueDepth;
    ULONG Completed;
} RG_EXTENSION, *PRG_EXTENSION;

typedef UCHAR (*RG_OPCODE_HANDLER)(PRG_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb);

static UCHAR RgRead(PRG_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb);
static UCHAR RgWrite(PRG_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb);

static const RG_OPCODE_HANDLER RgHandlers[2] = { RgRead, RgWrite };

ULONG
RgFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
{
    PRG_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 32;
    ext->QueueDepth = 32;
    ext->Doorbell = (PULONG)StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                                  (*ConfigInfo->AccessRanges)[0].RangeStart,
                                                  0x1000, FALSE);
    return ext->Doorbell != NULL ? SP_RETURN_FOUND : SP_RETURN_ERROR;
}

BOOLEAN RgInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    PRG_EXTENSION ext = DeviceExtension;

    ext->Completed = 0;
    return TRUE;
}

static UCHAR
RgRead(PRG_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    StorPortWriteRegisterUlong(Ext, Ext->Doorbell, Srb->DataTransferLength);
    return SRB_STATUS_PENDING;
}

static UCHAR
RgWrite(PRG_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    StorPortWriteRegisterUlong(Ext, Ext->Doorbell + 1, Srb->DataTransferLength);
    return SRB_STATUS_PENDING;
}

BOOLEAN
RgStartIo(  // expect-entry: HW_STARTIO by=registration
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PRG_EXTENSION ext = DeviceExtension;
    UCHAR status = SRB_STATUS_INVALID_REQUEST;
    UCHAR opcode = Srb->Cdb[0];

    if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI && (opcode == 0x28 || opcode == 0x2A)) {
        status = RgHandlers[opcode == 0x2A ? 1 : 0](ext, Srb);
    }
    if (status != SRB_STATUS_PENDING) {
        Srb->SrbStatus = status;
        StorPortNotification(RequestComplete, ext, Srb);
    }
    return TRUE;
}

BOOLEAN
RgInterrupt(  // expect-entry: HW_INTERRUPT by=registration
    PVOID DeviceExtension
    )
{
    PRG_EXTENSION ext = DeviceExtension;

    ext->Completed++;
    return TRUE;
}

BOOLEAN
RgResetBus(PVOID DeviceExtension, ULONG PathId)  // expect-entry: HW_RESET_BUS by=registration
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
RgAdapterControl(  // expect-entry: HW_ADAPTER_CONTROL by=registration
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = Parameters;

    UNREFERENCED_PARAMETER(DeviceExtension);
    if (ControlType == ScsiQuerySupportedControlTypes) {
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
    }
    return ScsiAdapterControlSuccess;
}

BOOLEAN
RgAdapterState(  // expect-entry: HW_ADAPTER_STATE by=registration
    PVOID DeviceExtension,
    PVOID Context,
    BOOLEAN SaveState
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(SaveState);
    return TRUE;
}

SCSI_UNIT_CONTROL_STATUS
RgUnitControl(  // expect-entry: HW_UNIT_CONTROL by=registration
    PVOID DeviceExtension,
    SCSI_UNIT_CONTROL_TYPE ControlType,
    PVOID Parameters
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Parameters);
    return ControlType == ScsiUnitStart ? ScsiUnitControlSuccess : ScsiUnitControlUnsuccessful;
}

ULONG
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    PVOID DriverObject,
    PVOID RegistryPath
    )
{
    HW_INITIALIZATION_DATA init;
    ULONG status;

    memset(&init, 0, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RG_EXTENSION);
    init.HwFindAdapter = RgFindAdapter;
    init.HwInitialize = RgInitialize;
    init.HwStartIo = RgStartIo;
    init.HwInterrupt = RgInterrupt;
    init.HwResetBus = RgResetBus;
    init.HwAdapterControl = RgAdapterControl;
    init.HwAdapterState = RgAdapterState;
    init.HwUnitControl = RgUnitControl;
    init.NumberOfAccessRanges = 1;

    status = StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
    return status;
}
