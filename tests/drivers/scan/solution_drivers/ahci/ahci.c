/*
 * A physical miniport of the solution, built in its Win10 Release|x64 configuration for
 * the solution's Release|x64 (the solution maps one onto the other): that configuration
 * defines SOL_RELEASE_BUILD, and with it the double KeSetEvent below. In the solution's
 * Debug|x64 (Win10 Debug|x64) the code is not there.
 */
// expect-kind: physical

#include "sol_common.h"

typedef struct _AH_EXT {
    KEVENT Ready;
    ULONG Ports;
} AH_EXT, *PAH_EXT;

BOOLEAN
AhStartIo(  // expect-entry: HW_STARTIO by=registration
    PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PAH_EXT ext = (PAH_EXT)DeviceExtension;

#ifdef SOL_RELEASE_BUILD
    KeSetEvent(&ext->Ready, IO_NO_INCREMENT, FALSE);
    KeSetEvent(&ext->Ready, IO_NO_INCREMENT, FALSE);  // expect: DoubleKeSetEvent
#endif
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
AhFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PAH_EXT ext = (PAH_EXT)DeviceExtension;

    KeInitializeEvent(&ext->Ready, NotificationEvent, FALSE);
    ext->Ports = 1;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
AhInitialize(  // expect-entry: HW_INITIALIZE by=registration
    PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = AhFindAdapter;
    init.HwInitialize = AhInitialize;
    SOL_REGISTER_STARTIO(init, AhStartIo);
    init.DeviceExtensionSize = sizeof(AH_EXT);
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
