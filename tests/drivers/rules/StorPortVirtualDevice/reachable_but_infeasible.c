// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=pass
// expect-kind: physical
/*
 * The configuration helper can mark the adapter virtual (for a software-emulation mode
 * of the controller), but the only caller passes HBA_MODE_HARDWARE, and the emulation
 * flag in the extension is never set (the extension starts zero-filled). The write is
 * reachable in the call graph, on no feasible path: pass.
 */

#include <storport.h>

#define HBA_MODE_HARDWARE 0
#define HBA_MODE_EMULATED 1

typedef struct _HBA_EXT {
    BOOLEAN ForceEmulation;
    ULONG Mode;
} HBA_EXT, *PHBA_EXT;

static VOID
HbaApplyMode(PHBA_EXT Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo, ULONG Mode)
{
    Ext->Mode = Mode;
    if (Mode == HBA_MODE_EMULATED || Ext->ForceEmulation) {
        ConfigInfo->VirtualDevice = TRUE;  // ok: StorPortVirtualDevice
        ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    } else {
        ConfigInfo->NumberOfPhysicalBreaks = 33;
    }
}

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
    HbaApplyMode(ext, ConfigInfo, HBA_MODE_HARDWARE);
    ConfigInfo->MaximumTransferLength = 0x20000;
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice
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

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(HBA_EXT);
    init.HwFindAdapter = HbaFindAdapter;
    init.HwInitialize = HbaInitialize;
    init.HwStartIo = HbaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
