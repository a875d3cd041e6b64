/*
 * One driver that calls StorPortInitialize twice: once with a physical
 * HW_INITIALIZATION_DATA and once with a VIRTUAL_HW_INITIALIZATION_DATA (a hardware
 * adapter plus a virtual management adapter). Both kinds registered: kind unknown,
 * each FindAdapter reported with its own role.
 */
// expect-kind: unknown

#include <ntddk.h>
#include <storport.h>

typedef struct _MX_EXT {
    ULONG Mode;
} MX_EXT, *PMX_EXT;

ULONG
MxHwFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ((PMX_EXT)DeviceExtension)->Mode = 1;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x11;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

ULONG
MxVirtualFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ((PMX_EXT)DeviceExtension)->Mode = 2;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x11;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
MxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    Srb->SrbStatus = ((PMX_EXT)DeviceExtension)->Mode == 1 ? SRB_STATUS_SUCCESS
                                                            : SRB_STATUS_INVALID_REQUEST;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
MxInterrupt(PVOID DeviceExtension)  // expect-entry: HW_INTERRUPT by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA hwInit;
    VIRTUAL_HW_INITIALIZATION_DATA virtInit;
    NTSTATUS status;

    RtlZeroMemory(&hwInit, sizeof(hwInit));
    hwInit.HwInitializationDataSize = sizeof(hwInit);
    hwInit.AdapterInterfaceType = PCIBus;
    hwInit.DeviceExtensionSize = sizeof(MX_EXT);
    hwInit.HwFindAdapter = MxHwFindAdapter;
    hwInit.HwStartIo = MxStartIo;
    hwInit.HwInterrupt = MxInterrupt;
    status = StorPortInitialize(DriverObject, RegistryPath, &hwInit, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&virtInit, sizeof(virtInit));
    virtInit.HwInitializationDataSize = sizeof(virtInit);
    virtInit.AdapterInterfaceType = Internal;
    virtInit.DeviceExtensionSize = sizeof(MX_EXT);
    virtInit.HwFindAdapter = MxVirtualFindAdapter;
    virtInit.HwStartIo = MxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&virtInit,
                              NULL);
}
