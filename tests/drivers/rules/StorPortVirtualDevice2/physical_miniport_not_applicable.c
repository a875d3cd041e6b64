// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=not_applicable
// expect-kind: physical
/*
 * A physical miniport (6-parameter FindAdapter, HW_INITIALIZATION_DATA) that never sets
 * VirtualDevice. StorPortVirtualDevice2 is for virtual miniports only, so it does not
 * apply, even though the field is FALSE at the SP_RETURN_FOUND exit.
 */

#include <storport.h>

typedef struct _AHCI_EXT {
    PVOID Abar;
    ULONG PortsImplemented;
} AHCI_EXT, *PAHCI_EXT;

ULONG
AhciFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PAHCI_EXT ext = (PAHCI_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Abar = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                      (*ConfigInfo->AccessRanges)[5].RangeStart,
                                      0x1100, FALSE);
    if (ext->Abar == NULL) {
        return SP_RETURN_NOT_FOUND;  // ok: StorPortVirtualDevice2
    }
    ext->PortsImplemented = StorPortReadRegisterUlong(ext, (PULONG)((PUCHAR)ext->Abar + 0x0C));
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice2
}

BOOLEAN
AhciInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
AhciStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
AhciInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(AHCI_EXT);
    init.HwFindAdapter = AhciFindAdapter;
    init.HwInitialize = AhciInitialize;
    init.HwStartIo = AhciStartIo;
    init.HwInterrupt = AhciInterrupt;
    init.NumberOfAccessRanges = 6;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
