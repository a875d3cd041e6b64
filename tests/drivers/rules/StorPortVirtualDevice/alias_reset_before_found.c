// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=pass
// expect-kind: physical
/*
 * The common configuration helper is shared with the project's virtual build and sets
 * VirtualDevice = TRUE. The physical FindAdapter calls it, may bail out with
 * SP_RETURN_NOT_FOUND / SP_RETURN_BAD_CONFIG while the field is still TRUE (exempt
 * exits), and clears the field through a copy of the pointer before its only
 * SP_RETURN_FOUND exit.
 */

#include <storport.h>

typedef struct _ISP_EXT {
    PVOID Registers;
    ULONG Targets;
} ISP_EXT, *PISP_EXT;

static VOID
IspCommonConfig(PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 64;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 65;
}

ULONG
IspFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PISP_EXT ext = (PISP_EXT)DeviceExtension;
    PPORT_CONFIGURATION_INFORMATION cfg = ConfigInfo;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    IspCommonConfig(ConfigInfo);
    if (cfg->NumberOfAccessRanges < 1) {
        return SP_RETURN_BAD_CONFIG;  // ok: StorPortVirtualDevice
    }
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, cfg->SystemIoBusNumber,
                                           (*cfg->AccessRanges)[0].RangeStart,
                                           0x100, FALSE);
    if (ext->Registers == NULL) {
        return SP_RETURN_NOT_FOUND;  // ok: StorPortVirtualDevice
    }
    cfg->VirtualDevice = FALSE;
    ext->Targets = cfg->MaximumNumberOfTargets;
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice
}

BOOLEAN
IspInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
IspStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(ISP_EXT);
    init.HwFindAdapter = IspFindAdapter;
    init.HwInitialize = IspInitialize;
    init.HwStartIo = IspStartIo;
    init.NumberOfAccessRanges = 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
