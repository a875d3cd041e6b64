/*
 * An older style of virtual miniport: a plain HW_INITIALIZATION_DATA whose HwFindAdapter
 * receives a 7-parameter routine through a cast. The parameter count decides before the
 * type of the initialization data, so the driver is virtual.
 */
// expect-kind: virtual

#include <storport.h>

typedef struct _PL_EXT {
    ULONG Generation;
} PL_EXT, *PPL_EXT;

ULONG
PlFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PVOID LowerDevice,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ((PPL_EXT)DeviceExtension)->Generation = 1;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x8000;
    ConfigInfo->NumberOfPhysicalBreaks = 8;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
PlInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    ((PPL_EXT)DeviceExtension)->Generation++;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.HwFindAdapter = (PHW_FIND_ADAPTER)PlFindAdapter;
    init.HwStartIo = PlStartIo;
    init.HwInitialize = PlInitialize;
    init.DeviceExtensionSize = sizeof(PL_EXT);
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
