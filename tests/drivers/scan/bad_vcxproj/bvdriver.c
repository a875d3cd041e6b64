/*
 * A driver whose project file was left with merge-conflict markers: the .vcxproj is not
 * XML. The sources are fine, but the project file is what was asked for, so the scan
 * must stop with a clear error rather than guess.
 */
// expect-error: not a valid

#include <storport.h>

HW_STARTIO BvStartIo;

BOOLEAN
BvStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = { 0 };

    init.HwInitializationDataSize = sizeof(init);
    init.HwStartIo = BvStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
