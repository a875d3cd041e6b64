/*
 * Shared closing of the test drivers (see _skel_begin.h): the routines a test did not
 * define, clean for every rule, and a DriverEntry that registers them with Storport as
 * a physical miniport. SKEL_HAS_BUILDIO / SKEL_HAS_ADAPTER_CONTROL / SKEL_HAS_RESET_BUS /
 * SKEL_HAS_TIMER / SKEL_HAS_DPC add the routine the test defines to the registration.
 */
#ifndef SKEL_OWN_FIND_ADAPTER
ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}
#endif

#ifndef SKEL_OWN_INITIALIZE
BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Ready = TRUE;
    return TRUE;
}
#endif

#ifndef SKEL_OWN_STARTIO
BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
#endif

#ifndef SKEL_OWN_INTERRUPT
BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}
#endif

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SKEL_EXT);
    init.HwFindAdapter = SkelFindAdapter;
    init.HwInitialize = SkelInitialize;
    init.HwStartIo = SkelStartIo;
    init.HwInterrupt = SkelInterrupt;
#ifdef SKEL_HAS_BUILDIO
    init.HwBuildIo = SkelBuildIo;
#endif
#ifdef SKEL_HAS_ADAPTER_CONTROL
    init.HwAdapterControl = SkelAdapterControl;
#endif
#ifdef SKEL_HAS_RESET_BUS
    init.HwResetBus = SkelResetBus;
#endif
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
