// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=pass
// expect-kind: virtual
/*
 * Correct code: FindAdapter passes ConfigInfo to a configuration helper, which passes it
 * on to a second helper that sets VirtualDevice = TRUE through a local copy of the
 * pointer. The early exits return SP_RETURN_NOT_FOUND / SP_RETURN_ERROR before any of
 * this (exempt).
 */

#include <ntddk.h>
#include <storport.h>

#define VH_TAG 'dHvV'

typedef struct _VHBA_EXT {
    PVOID LowerDevice;
    PVOID TargetTable;
} VHBA_EXT, *PVHBA_EXT;

static VOID
VhbaMarkVirtual(PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    PPORT_CONFIGURATION_INFORMATION cfg = ConfigInfo;

    cfg->VirtualDevice = TRUE;
}

static VOID
VhbaConfigure(PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 32;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    VhbaMarkVirtual(ConfigInfo);
}

ULONG
VhbaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PVOID LowerDevice, PCHAR ArgumentString,
                PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVHBA_EXT ext = (PVHBA_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;  // ok: StorPortVirtualDevice2
    }
    ext->LowerDevice = LowerDevice;
    ext->TargetTable = ExAllocatePoolWithTag(NonPagedPoolNx, 32 * sizeof(PVOID), VH_TAG);
    if (ext->TargetTable == NULL) {
        return SP_RETURN_ERROR;  // ok: StorPortVirtualDevice2
    }
    VhbaConfigure(ConfigInfo);
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice2
}

BOOLEAN
VhbaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VhbaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VHBA_EXT);
    init.HwFindAdapter = VhbaFindAdapter;
    init.HwInitialize = VhbaInitialize;
    init.HwStartIo = VhbaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
