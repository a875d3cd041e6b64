// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=defect
// expect-kind: virtual
/*
 * Two entry points: DriverEntry reads a "passthrough" switch (a helper with no body
 * here: any value) into a global, and FindAdapter copies the negation into
 * VirtualDevice, believing a pass-through adapter must look physical. On the path where
 * the switch is on, the SP_RETURN_FOUND exit has VirtualDevice FALSE.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VT_GLOBALS {
    BOOLEAN Passthrough;
    ULONG MaxLuns;
} VT_GLOBALS;

typedef struct _VT_EXT {
    ULONG MaxLuns;
} VT_EXT, *PVT_EXT;

static VT_GLOBALS g_Vt;

BOOLEAN VtQueryPassthroughSwitch(PUNICODE_STRING RegistryPath);

ULONG
VtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVT_EXT ext = (PVT_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->MaxLuns = g_Vt.MaxLuns;
    ConfigInfo->VirtualDevice = g_Vt.Passthrough ? FALSE : TRUE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice2
}

BOOLEAN
VtInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    g_Vt.Passthrough = VtQueryPassthroughSwitch(RegistryPath);
    g_Vt.MaxLuns = 8;
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VT_EXT);
    init.HwFindAdapter = VtFindAdapter;
    init.HwInitialize = VtInitialize;
    init.HwStartIo = VtStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
