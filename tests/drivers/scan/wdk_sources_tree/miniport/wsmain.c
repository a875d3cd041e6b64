/*
 * Scanned through the tree's dirs file: lib/ and miniport/ are built, tools/ has no
 * sources file. _NT_TARGET_VERSION is the newest target, so `!IF ... >= 0x0502` is
 * taken: USE_STORPORT is defined, the find routine has Storport's virtual signature and
 * HwBuildIo is registered. NTDEBUG is not "ntsd" (a free build): wsdebug.c is not built.
 */
// expect-kind: virtual

#include "wsdrv.h"

ULONG
WsFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
#ifdef USE_STORPORT
    PVOID LowerDevice,
#endif
    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    WsResetQueue((PWS_EXT)DeviceExtension);
    ConfigInfo->MaximumTransferLength = 0x10000;
    return SP_RETURN_FOUND;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(WS_EXT);
    init.HwFindAdapter = WsFindAdapter;
    init.HwStartIo = WsStartIo;
#ifdef USE_STORPORT
    init.HwBuildIo = WsBuildIo;
#endif
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
