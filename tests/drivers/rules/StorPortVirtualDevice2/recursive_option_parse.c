// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=defect
// expect-kind: virtual
/*
 * VirtualDevice is set to TRUE first, then a recursive parser walks the
 * semicolon-separated argument string and clears the field (through the pointer it
 * passes down every level) when it meets a "physical" token, which some deployments
 * use to get Storport to treat the adapter as hardware. The argument string is unknown,
 * so the clearing path is feasible and the SP_RETURN_FOUND exit is reported.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VP_EXT {
    ULONG Options;
} VP_EXT, *PVP_EXT;

static VOID
VpParseOptions(PCHAR Arg, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PVP_EXT Ext)
{
    PCHAR next;

    if (Arg == NULL || *Arg == '\0') {
        return;
    }
    if (_strnicmp(Arg, "physical", 8) == 0) {
        ConfigInfo->VirtualDevice = FALSE;
    }
    Ext->Options++;
    next = strchr(Arg, ';');
    VpParseOptions(next != NULL ? next + 1 : NULL, ConfigInfo, Ext);
}

ULONG
VpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVP_EXT ext = (PVP_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    VpParseOptions(ArgumentString, ConfigInfo, ext);
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice2
}

BOOLEAN
VpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VP_EXT);
    init.HwFindAdapter = VpFindAdapter;
    init.HwInitialize = VpInitialize;
    init.HwStartIo = VpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
