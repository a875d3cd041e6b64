// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=pass
// expect-kind: physical
/*
 * A physical miniport whose FindAdapter never touches VirtualDevice; the only write of
 * the field is in a static helper nobody calls any more. The rule's applicability is
 * decided by the kind of miniport (docs/rules/StorPortVirtualDevice.md: "Applicable to physical
 * miniports", and "a driver that never touches it passes"), so this is `pass`, not
 * `not_applicable`: the check runs at the FindAdapter exit, where the field holds its
 * default FALSE.
 */

#include <storport.h>

typedef struct _SCSI_EXT {
    PVOID Ports;
    ULONG Targets;
} SCSI_EXT, *PSCSI_EXT;

static VOID
ScsiConfigureAsVirtual(PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    ConfigInfo->VirtualDevice = TRUE;  // ok: StorPortVirtualDevice
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
}

ULONG
ScsiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PSCSI_EXT ext = (PSCSI_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Targets = 8;
    ConfigInfo->MaximumNumberOfTargets = (UCHAR)ext->Targets;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice
}

BOOLEAN
ScsiInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
ScsiStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSCSI_EXT ext = (PSCSI_EXT)DeviceExtension;

    Srb->SrbStatus = Srb->TargetId < ext->Targets ? SRB_STATUS_SUCCESS
                                                  : SRB_STATUS_SELECTION_TIMEOUT;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SCSI_EXT);
    init.HwFindAdapter = ScsiFindAdapter;
    init.HwInitialize = ScsiInitialize;
    init.HwStartIo = ScsiStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
