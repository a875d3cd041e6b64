// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=defect
// expect-kind: physical
/*
 * FindAdapter delegates the PORT_CONFIGURATION_INFORMATION defaults to a helper, which
 * hands the pointer on to a second helper that sets VirtualDevice. The write happens
 * two calls deep; the violation is FindAdapter's SP_RETURN_FOUND exit (not a return of
 * either helper).
 */

#include <storport.h>

typedef struct _FC_EXT {
    PVOID Csr;
    ULONG Ports;
} FC_EXT, *PFC_EXT;

static VOID
FcSetTransferLimits(PPORT_CONFIGURATION_INFORMATION Cfg)
{
    Cfg->MaximumTransferLength = 0x80000;
    Cfg->NumberOfPhysicalBreaks = 128;
    Cfg->VirtualDevice = TRUE;
}

static VOID
FcFillConfig(PFC_EXT Ext, PPORT_CONFIGURATION_INFORMATION Cfg)
{
    Cfg->NumberOfBuses = 1;
    Cfg->MaximumNumberOfTargets = 128;
    Cfg->ScatterGather = TRUE;
    Cfg->Master = TRUE;
    Cfg->Dma64BitAddresses = SCSI_DMA64_MINIPORT_SUPPORTED;
    FcSetTransferLimits(Cfg);
    Ext->Ports = 2;
}

ULONG
FcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFC_EXT ext = (PFC_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Csr = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                     (*ConfigInfo->AccessRanges)[0].RangeStart,
                                     0x2000, FALSE);
    if (ext->Csr == NULL) {
        return SP_RETURN_NOT_FOUND;  // ok: StorPortVirtualDevice
    }
    FcFillConfig(ext, ConfigInfo);
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice
}

BOOLEAN
FcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(FC_EXT);
    init.HwFindAdapter = FcFindAdapter;
    init.HwInitialize = FcInitialize;
    init.HwStartIo = FcStartIo;
    init.NumberOfAccessRanges = 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
