// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=defect
// expect-kind: physical
/*
 * A physical RAID miniport whose FindAdapter was started from a virtual-miniport sample
 * and kept `ConfigInfo->VirtualDevice = TRUE`. The error exit that follows returns
 * SP_RETURN_ERROR and is exempt; the SP_RETURN_FOUND exit is the violation.
 */

#include <storport.h>

typedef struct _RAID_EXT {
    PVOID Mailbox;
    ULONG LogicalDrives;
} RAID_EXT, *PRAID_EXT;

ULONG
RaidFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PRAID_EXT ext = (PRAID_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 16;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 64;
    ext->Mailbox = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                         (*ConfigInfo->AccessRanges)[0].RangeStart,
                                         0x1000, FALSE);
    if (ext->Mailbox == NULL) {
        return SP_RETURN_ERROR;  // ok: StorPortVirtualDevice
    }
    ext->LogicalDrives = 0;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice
}

BOOLEAN
RaidInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RaidStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
RaidInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RAID_EXT);
    init.HwFindAdapter = RaidFindAdapter;
    init.HwInitialize = RaidInitialize;
    init.HwStartIo = RaidStartIo;
    init.HwInterrupt = RaidInterrupt;
    init.NumberOfAccessRanges = 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
