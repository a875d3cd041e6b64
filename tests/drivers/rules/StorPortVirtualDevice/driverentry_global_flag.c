// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=defect
// expect-kind: physical
/*
 * Two entry points: DriverEntry derives a global option from the boot flags (a helper
 * with no body here: any value), and FindAdapter later copies it into
 * ConfigInfo->VirtualDevice. The global keeps its value from DriverEntry to
 * FindAdapter, so the path where the flag is set reaches the SP_RETURN_FOUND exit with
 * VirtualDevice TRUE.
 */

#include <ntddk.h>
#include <storport.h>

#define HBA_BOOT_SOFTWARE_RAID 0x4

typedef struct _HBA_OPTIONS {
    BOOLEAN SoftwareRaid;
    ULONG QueueDepth;
} HBA_OPTIONS;

typedef struct _HBA_EXT {
    ULONG QueueDepth;
} HBA_EXT, *PHBA_EXT;

static HBA_OPTIONS g_HbaOptions;

ULONG HbaReadBootFlags(PUNICODE_STRING RegistryPath);

ULONG
HbaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PHBA_EXT ext = (PHBA_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->QueueDepth = g_HbaOptions.QueueDepth;
    ConfigInfo->VirtualDevice = g_HbaOptions.SoftwareRaid;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice
}

BOOLEAN
HbaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HbaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    ULONG bootFlags;

    bootFlags = HbaReadBootFlags(RegistryPath);
    g_HbaOptions.SoftwareRaid = (bootFlags & HBA_BOOT_SOFTWARE_RAID) ? TRUE : FALSE;
    g_HbaOptions.QueueDepth = 32;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(HBA_EXT);
    init.HwFindAdapter = HbaFindAdapter;
    init.HwInitialize = HbaInitialize;
    init.HwStartIo = HbaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
