// expect-kind: physical
#include "device.hpp"

ULONG HwFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=role_type
    PVOID DevExt, PVOID HwContext, PVOID BusInfo, PCHAR ArgString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInfo);
    UNREFERENCED_PARAMETER(ArgString);
    CDevice* dev = new (DevExt) CDevice();
    *Again = FALSE;
    return NT_SUCCESS(dev->Configure(ConfigInfo)) ? SP_RETURN_FOUND : SP_RETURN_ERROR;
}

BOOLEAN HwInitialize(PVOID DevExt)  // expect-entry: HW_INITIALIZE by=role_type
{
    UNREFERENCED_PARAMETER(DevExt);
    return TRUE;
}

BOOLEAN HwStartIo(PVOID DevExt, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=role_type
{
    CDevice* dev = (CDevice*)DevExt;
    if (Srb->Function == SRB_FUNCTION_RESET_BUS && !dev->Restart()) {
        Srb->SrbStatus = SRB_STATUS_ERROR;
    }
    StorPortNotification(RequestComplete, DevExt, Srb);
    return TRUE;
}

SCSI_UNIT_CONTROL_STATUS HwUnitControl(  // expect-entry: HW_UNIT_CONTROL by=role_type
    PVOID DevExt, SCSI_UNIT_CONTROL_TYPE ControlType, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DevExt);
    UNREFERENCED_PARAMETER(ControlType);
    UNREFERENCED_PARAMETER(Parameters);
    return ScsiUnitControlSuccess;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init_data = { 0 };
    init_data.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    init_data.HwFindAdapter = HwFindAdapter;
    init_data.HwInitialize = HwInitialize;
    init_data.HwStartIo = HwStartIo;
    init_data.DeviceExtensionSize = sizeof(CDevice);
    return StorPortInitialize(DriverObject, RegistryPath, &init_data, NULL);
}
