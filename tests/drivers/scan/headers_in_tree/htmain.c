/*
 * Scanned through htdrv.vcxproj. htdrv.h declares the role types and HT_VIRTUAL; without
 * it this would be a driver of unknown kind whose start routine only a registration
 * names. htcompat.h exists twice in the tree and is not read.
 */
// expect-kind: virtual

#include "htdrv.h"
#include "htcompat.h"

ULONG
HtFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
#if HT_VIRTUAL
    PVOID LowerDevice,
#endif
    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->NumberOfPhysicalBreaks = HT_QUEUE_DEPTH;
    return SP_RETURN_FOUND;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwFindAdapter = HtFindAdapter;
    init.HwStartIo = HtStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
