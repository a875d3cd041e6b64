/*
 * Registration through a pointer to the HW_INITIALIZATION_DATA (`p->HwStartIo = F`), and
 * through a helper that receives the same object by pointer and fills in the rest.
 */
// expect-kind: physical

#include <storport.h>

typedef struct _PT_EXT {
    PVOID Base;
    ULONG Flags;
} PT_EXT, *PPT_EXT;

static ULONG
PtFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PPT_EXT ext = (PPT_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 16;
    ext->Flags = 0;
    return SP_RETURN_FOUND;
}

static BOOLEAN
PtInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    ((PPT_EXT)DeviceExtension)->Flags |= 1;
    return TRUE;
}

static BOOLEAN
PtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static BOOLEAN
PtInterrupt(PVOID DeviceExtension)  // expect-entry: HW_INTERRUPT by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

static BOOLEAN
PtResetBus(PVOID DeviceExtension, ULONG PathId)  // expect-entry: HW_RESET_BUS by=registration
{
    UNREFERENCED_PARAMETER(PathId);
    ((PPT_EXT)DeviceExtension)->Flags &= ~1u;
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS
PtAdapterControl(  // expect-entry: HW_ADAPTER_CONTROL by=registration
    PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Parameters);
    return ControlType == ScsiStopAdapter ? ScsiAdapterControlSuccess
                                          : ScsiAdapterControlUnsuccessful;
}

static VOID
PtFillOptionalCallbacks(_Inout_ PHW_INITIALIZATION_DATA Data)
{
    Data->HwResetBus = PtResetBus;
    Data->HwAdapterControl = PtAdapterControl;
}

NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    PHW_INITIALIZATION_DATA p = &init;

    RtlZeroMemory(p, sizeof(*p));
    p->HwInitializationDataSize = sizeof(*p);
    p->AdapterInterfaceType = PCIBus;
    p->DeviceExtensionSize = sizeof(PT_EXT);
    p->HwFindAdapter = PtFindAdapter;
    p->HwInitialize = PtInitialize;
    p->HwStartIo = PtStartIo;
    (*p).HwInterrupt = PtInterrupt;
    PtFillOptionalCallbacks(p);
    return StorPortInitialize(DriverObject, RegistryPath, p, NULL);
}
