/*
 * The configuration header lives outside the driver's directory and is found only
 * through the -I given on the command line (the path is relative to the repository
 * root, where the tests run). Without it, two registrations would vanish.
 */
// scan-args: -I tests/drivers/scan/_include
// expect-kind: physical

#include <storport.h>
#include <ifcfg.h>

ULONG
IfFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ConfigInfo->MaximumTransferLength = 0x8000;
    ConfigInfo->NumberOfPhysicalBreaks = 9;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
IfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
IfAdapterControl(  // expect-entry: HW_ADAPTER_CONTROL by=registration
    PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(ControlType);
    UNREFERENCED_PARAMETER(Parameters);
    return ScsiAdapterControlSuccess;
}

SCSI_UNIT_CONTROL_STATUS
IfUnitControl(  // expect-entry: HW_UNIT_CONTROL by=registration
    PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(ControlType);
    UNREFERENCED_PARAMETER(Parameters);
    return ScsiUnitControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwFindAdapter = IfFindAdapter;
    init.HwStartIo = IfStartIo;
#if IF_HAS_ADAPTER_CONTROL
    init.HwAdapterControl = IfAdapterControl;
#endif
    IF_REGISTER_UNIT_CONTROL(init);
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
