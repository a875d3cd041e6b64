/*
 * Shared closing of the virtual-miniport test drivers, the virtual twin of _skel_end.h:
 * the test defines its device extension VX_EXT and VxFindAdapter (the routines it is
 * about); this supplies VxInitialize and VxStartIo, clean for every rule, unless
 * SKEL_OWN_INITIALIZE / SKEL_OWN_STARTIO says the test defined them, and a DriverEntry
 * registering the three with Storport as a virtual miniport.
 */
#ifndef SKEL_OWN_INITIALIZE
BOOLEAN
VxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}
#endif

#ifndef SKEL_OWN_STARTIO
BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
#endif

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VX_EXT);
    init.HwFindAdapter = VxFindAdapter;
    init.HwInitialize = VxInitialize;
    init.HwStartIo = VxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
