// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=pass
// expect-kind: physical
/*
 * One shared `return result;` after an `exit:` label. When the BAR cannot be mapped the
 * driver marks the configuration as virtual (a "no hardware" fallback that Storport
 * will never use) and leaves with SP_RETURN_NOT_FOUND; on the SP_RETURN_FOUND paths
 * VirtualDevice was never touched. The same return statement is exempt on one path and
 * correct on the others, so nothing is reported.
 */

#include <storport.h>

typedef struct _MEGA_EXT {
    PVOID Mmio;
    ULONG FirmwareState;
} MEGA_EXT, *PMEGA_EXT;

ULONG
MegaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PMEGA_EXT ext = (PMEGA_EXT)DeviceExtension;
    ULONG result = SP_RETURN_NOT_FOUND;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Mmio = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                      (*ConfigInfo->AccessRanges)[0].RangeStart,
                                      0x4000, FALSE);
    if (ext->Mmio == NULL) {
        ConfigInfo->VirtualDevice = TRUE;
        goto exit;
    }
    ext->FirmwareState = StorPortReadRegisterUlong(ext, (PULONG)ext->Mmio);
    if ((ext->FirmwareState & 0xF0000000) == 0xF0000000) {
        result = SP_RETURN_ERROR;
        goto exit;
    }
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 257;
    result = SP_RETURN_FOUND;
exit:
    return result;  // ok: StorPortVirtualDevice
}

BOOLEAN
MegaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
MegaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(MEGA_EXT);
    init.HwFindAdapter = MegaFindAdapter;
    init.HwInitialize = MegaInitialize;
    init.HwStartIo = MegaStartIo;
    init.NumberOfAccessRanges = 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
