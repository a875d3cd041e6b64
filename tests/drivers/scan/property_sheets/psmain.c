/*
 * Scanned through psdrv.vcxproj in its default configuration, the newest release one for
 * x64 (Win8.1 Release|x64): its property sheet psdrv.props defines USE_STORPORT and
 * _NT_TARGET_VERSION (0x0603 from the project's TargetVersion), so this is a virtual
 * miniport with a HwBuildIo. Win7 Release|x64 imports psdrv_scsiport.props instead and
 * gives a physical one (tests/inputs/test_property_sheets.py).
 */
// expect-kind: virtual

#include "psdrv.h"

ULONG
PsFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
#ifdef USE_STORPORT
    PVOID LowerDevice,
#endif
    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PPS_EXT ext = (PPS_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Pending = 0;
    ConfigInfo->MaximumTransferLength = 0x10000;
    return SP_RETURN_FOUND;
}

BOOLEAN
PsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#if PS_HAS_BUILDIO
BOOLEAN
PsBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_BUILDIO by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}
#endif

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
#ifdef USE_STORPORT
    VIRTUAL_HW_INITIALIZATION_DATA init;
#else
    HW_INITIALIZATION_DATA init;
#endif

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(PS_EXT);
    init.HwFindAdapter = PsFindAdapter;
    init.HwStartIo = PsStartIo;
#if PS_HAS_BUILDIO
    init.HwBuildIo = PsBuildIo;
#endif
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
