/*
 * An ordinary small driver. The test suite also scans a copy of this directory to which
 * it adds a binary file named blob.c and a cp1252-encoded, CRLF source reset_cp1252.c
 * (generated, so the repository holds no binary file): the scan must still succeed.
 */
// expect-kind: physical

#include <storport.h>

ULONG
OddFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ConfigInfo->MaximumTransferLength = 0x1000;
    ConfigInfo->NumberOfPhysicalBreaks = 2;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
OddStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwFindAdapter = OddFindAdapter;
    init.HwStartIo = OddStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
