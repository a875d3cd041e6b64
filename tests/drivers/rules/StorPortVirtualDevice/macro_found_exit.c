// check-rules: StorPortVirtualDevice
// expect-status: StorPortVirtualDevice=defect
// expect-kind: physical
/*
 * The write and both exits come from driver macros: a defaults macro that sets
 * VirtualDevice, a failure macro that logs and returns SP_RETURN_ERROR (exempt), and a
 * success macro that returns SP_RETURN_FOUND. The violation is reported on the line
 * that invokes the success macro.
 */

#include <storport.h>

#define HBA_CONFIG_DEFAULTS(ci)                 \
    do {                                        \
        (ci)->NumberOfBuses = 1;                \
        (ci)->VirtualDevice = TRUE;             \
        (ci)->MaximumTransferLength = 0x20000;  \
        (ci)->NumberOfPhysicalBreaks = 33;      \
    } while (0)

#define HBA_FAIL(ext, code)                     \
    do {                                        \
        HbaLogInitFailure((ext), (code));       \
        return SP_RETURN_ERROR;                 \
    } while (0)

#define HBA_FOUND() return SP_RETURN_FOUND

typedef struct _HBA_EXT {
    PVOID Regs;
    ULONG InitFailure;
} HBA_EXT, *PHBA_EXT;

static VOID
HbaLogInitFailure(PHBA_EXT Ext, ULONG Code)
{
    Ext->InitFailure = Code;
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
    HBA_CONFIG_DEFAULTS(ConfigInfo);
    ext->Regs = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                      (*ConfigInfo->AccessRanges)[0].RangeStart,
                                      0x1000, FALSE);
    if (ext->Regs == NULL) {
        HBA_FAIL(ext, 1);  // ok: StorPortVirtualDevice
    }
    HBA_FOUND();  // expect: StorPortVirtualDevice
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
    init.NumberOfAccessRanges = 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
