/*
 * Scanned through vxdriver.vcxproj in its default configuration, Release|x64 (listed
 * second): VX_RELEASE is defined, DBG is not, and src/vxdebug.c (Debug only) and
 * src/vxunused.c (not in the project) are not part of the driver.
 */
// expect-kind: physical

#include "vxcfg.h"

ULONG
VxFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Pending = 0;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x41;
    return SP_RETURN_FOUND;
}

BOOLEAN
VxInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;
    PHW_INITIALIZATION_DATA data = &init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(VX_EXT);
    VX_SET_CALLBACK(data, HwFindAdapter, VxFindAdapter);
    VX_SET_CALLBACK(data, HwInitialize, VxInitialize);
    VX_SET_CALLBACK(data, HwStartIo, VxStartIo);
#if VX_USE_BUILDIO
    VX_SET_CALLBACK(data, HwBuildIo, VxBuildIo);
#endif
#if DBG
    VX_SET_CALLBACK(data, HwAdapterState, VxAdapterState);
#endif
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
