// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=defect
// expect-kind: physical
/*
 * A SoC storage controller driver that also binds on the Internal bus: the `switch` on
 * the interface type marks the Internal case as virtual ("no BAR to map") and then
 * falls into the common SP_RETURN_FOUND exit. The unsupported-bus case returns
 * SP_RETURN_NOT_FOUND (exempt).
 */

#include <storport.h>

typedef struct _UFS_EXT {
    PVOID Hci;
    BOOLEAN Integrated;
} UFS_EXT, *PUFS_EXT;

ULONG
UfsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PUFS_EXT ext = (PUFS_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    switch (ConfigInfo->AdapterInterfaceType) {
    case PCIBus:
        ext->Hci = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                         (*ConfigInfo->AccessRanges)[0].RangeStart,
                                         0x1000, FALSE);
        if (ext->Hci == NULL) {
            return SP_RETURN_ERROR;  // ok: StorPortVirtualDevice
        }
        break;
    case Internal:
        ext->Integrated = TRUE;
        ConfigInfo->VirtualDevice = TRUE;
        break;
    default:
        return SP_RETURN_NOT_FOUND;  // ok: StorPortVirtualDevice
    }
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 65;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice
}

BOOLEAN
UfsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
UfsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(UFS_EXT);
    init.HwFindAdapter = UfsFindAdapter;
    init.HwInitialize = UfsInitialize;
    init.HwStartIo = UfsStartIo;
    init.NumberOfAccessRanges = 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
