// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=defect
// expect-kind: physical
/*
 * A helper records the configuration pointer in the device extension and returns it;
 * FindAdapter writes VirtualDevice through the returned alias, copying a board strap
 * bit read from the hardware ("emulated controller" boards). Whenever the strap is set
 * the adapter is reported as virtual at the SP_RETURN_FOUND exit.
 */

#include <storport.h>

#define HBA_STRAP_EMULATED 0x80000000

typedef struct _HBA_REGS {
    ULONG Strap;
    ULONG Doorbell;
} HBA_REGS, *PHBA_REGS;

typedef struct _HBA_EXT {
    PHBA_REGS Regs;
    PPORT_CONFIGURATION_INFORMATION Config;
    BOOLEAN Emulated;
} HBA_EXT, *PHBA_EXT;

static PPORT_CONFIGURATION_INFORMATION
HbaAttachConfig(PHBA_EXT Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    Ext->Config = ConfigInfo;
    return ConfigInfo;
}

ULONG
HbaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PHBA_EXT ext = (PHBA_EXT)DeviceExtension;
    PPORT_CONFIGURATION_INFORMATION cfg;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    cfg = HbaAttachConfig(ext, ConfigInfo);
    ext->Regs = (PHBA_REGS)StorPortGetDeviceBase(ext, PCIBus, cfg->SystemIoBusNumber,
                                                 (*cfg->AccessRanges)[0].RangeStart,
                                                 sizeof(HBA_REGS), FALSE);
    if (ext->Regs == NULL) {
        return SP_RETURN_ERROR;  // ok: StorPortVirtualDevice
    }
    ext->Emulated = (StorPortReadRegisterUlong(ext, &ext->Regs->Strap) &
                     HBA_STRAP_EMULATED) != 0;
    cfg->VirtualDevice = ext->Emulated;
    cfg->MaximumTransferLength = 0x20000;
    cfg->NumberOfPhysicalBreaks = 33;
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
    PHBA_EXT ext = (PHBA_EXT)DeviceExtension;

    StorPortWriteRegisterUlong(ext, &ext->Regs->Doorbell, Srb->QueueTag);
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
    init.NumberOfAccessRanges = 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
