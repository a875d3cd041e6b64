// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=defect
// expect-kind: physical
/*
 * FindAdapter walks the access ranges looking for the memory-mapped register window;
 * when the loop finds none it falls back to a polled "virtual" mode and sets
 * VirtualDevice instead of failing. The SP_RETURN_FOUND exit after the loop is the
 * violation on that path.
 */

#include <storport.h>

typedef struct _SAS_EXT {
    PVOID Mmio;
    BOOLEAN Polled;
} SAS_EXT, *PSAS_EXT;

ULONG
SasFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;
    PACCESS_RANGE range;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    for (i = 0; i < ConfigInfo->NumberOfAccessRanges; i++) {
        range = &(*ConfigInfo->AccessRanges)[i];
        if (range->RangeInMemory && range->RangeLength >= 0x1000) {
            ext->Mmio = StorPortGetDeviceBase(ext, ConfigInfo->AdapterInterfaceType,
                                              ConfigInfo->SystemIoBusNumber,
                                              range->RangeStart, range->RangeLength,
                                              FALSE);
            break;
        }
    }
    if (ext->Mmio == NULL) {
        ext->Polled = TRUE;
        ConfigInfo->VirtualDevice = TRUE;
    }
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 257;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice
}

BOOLEAN
SasInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SasStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(SAS_EXT);
    init.HwFindAdapter = SasFindAdapter;
    init.HwInitialize = SasInitialize;
    init.HwStartIo = SasStartIo;
    init.NumberOfAccessRanges = 2;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
