// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=pass
// expect-kind: virtual
/*
 * Two entry points, correct: DriverEntry fills a global adapter template with
 * ReportVirtual = TRUE, and FindAdapter copies the template into ConfigInfo through a
 * helper. Globals keep their value from DriverEntry to FindAdapter, so the field is TRUE
 * at the SP_RETURN_FOUND exit.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VS_TEMPLATE {
    BOOLEAN ReportVirtual;
    ULONG MaxTransfer;
    ULONG MaxBreaks;
} VS_TEMPLATE, *PVS_TEMPLATE;

typedef struct _VS_EXT {
    ULONG Disks;
} VS_EXT, *PVS_EXT;

static VS_TEMPLATE g_VsTemplate;

static VOID
VsApplyTemplate(PPORT_CONFIGURATION_INFORMATION ConfigInfo, const VS_TEMPLATE *Template)
{
    ConfigInfo->VirtualDevice = Template->ReportVirtual;
    ConfigInfo->MaximumTransferLength = Template->MaxTransfer;
    ConfigInfo->NumberOfPhysicalBreaks = Template->MaxBreaks;
}

ULONG
VsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVS_EXT ext = (PVS_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Disks = 4;
    VsApplyTemplate(ConfigInfo, &g_VsTemplate);
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice2
}

BOOLEAN
VsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    g_VsTemplate.ReportVirtual = TRUE;
    g_VsTemplate.MaxTransfer = 0x100000;
    g_VsTemplate.MaxBreaks = 0x100;
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VS_EXT);
    init.HwFindAdapter = VsFindAdapter;
    init.HwInitialize = VsInitialize;
    init.HwStartIo = VsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
