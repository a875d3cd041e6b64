// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=not_applicable
// expect-kind: virtual
/*
 * A virtual miniport (7-parameter FindAdapter, VIRTUAL_HW_INITIALIZATION_DATA) that
 * correctly sets VirtualDevice = TRUE. StorPortVirtualDevice is for physical miniports
 * only, so it does not apply here (StorPortVirtualDevice2 is the rule that would).
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _RAMDISK_EXT {
    PUCHAR Image;
    ULONG SectorCount;
} RAMDISK_EXT, *PRAMDISK_EXT;

ULONG
RdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRAMDISK_EXT ext = (PRAMDISK_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->SectorCount = 0x10000;
    ConfigInfo->VirtualDevice = TRUE;  // ok: StorPortVirtualDevice
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice
}

BOOLEAN
RdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

VOID
RdFreeAdapterResources(PVOID DeviceExtension)
{
    PRAMDISK_EXT ext = (PRAMDISK_EXT)DeviceExtension;

    ext->SectorCount = 0;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(RAMDISK_EXT);
    init.HwFindAdapter = RdFindAdapter;
    init.HwInitialize = RdInitialize;
    init.HwStartIo = RdStartIo;
    init.HwFreeAdapterResources = RdFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
