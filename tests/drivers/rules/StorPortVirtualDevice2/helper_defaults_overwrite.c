// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=defect
// expect-kind: virtual
/*
 * FindAdapter sets VirtualDevice = TRUE first, then calls a defaults helper (shared with
 * a physical sibling driver) that resets the field to FALSE through its parameter. The
 * order of the two calls is the bug; the violation is FindAdapter's SP_RETURN_FOUND exit.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _ISCSI_EXT {
    ULONG Sessions;
    ULONG MaxTargets;
} ISCSI_EXT, *PISCSI_EXT;

static VOID
IscsiSetTransferDefaults(PPORT_CONFIGURATION_INFORMATION Cfg)
{
    Cfg->MaximumTransferLength = 0x40000;
    Cfg->NumberOfPhysicalBreaks = 65;
}

static VOID
IscsiCommonDefaults(PISCSI_EXT Ext, PPORT_CONFIGURATION_INFORMATION Cfg)
{
    RtlZeroMemory(Ext, sizeof(*Ext));
    Cfg->VirtualDevice = FALSE;
    Cfg->NumberOfBuses = 1;
    IscsiSetTransferDefaults(Cfg);
}

ULONG
IscsiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                 PVOID LowerDevice, PCHAR ArgumentString,
                 PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PISCSI_EXT ext = (PISCSI_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    IscsiCommonDefaults(ext, ConfigInfo);
    ext->MaxTargets = 128;
    ConfigInfo->MaximumNumberOfTargets = 128;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice2
}

BOOLEAN
IscsiInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
IscsiStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PISCSI_EXT ext = (PISCSI_EXT)DeviceExtension;

    Srb->SrbStatus = ext->Sessions == 0 ? SRB_STATUS_NO_DEVICE : SRB_STATUS_PENDING;
    if (Srb->SrbStatus != SRB_STATUS_PENDING) {
        StorPortNotification(RequestComplete, ext, Srb);
    }
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(ISCSI_EXT);
    init.HwFindAdapter = IscsiFindAdapter;
    init.HwInitialize = IscsiInitialize;
    init.HwStartIo = IscsiStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
