// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=defect
// expect-kind: virtual
/*
 * Driver macros set the field and produce the exits. In crash-dump mode (Storport
 * passes "dump=1" in the argument string) FindAdapter skips the heavy set-up and leaves
 * early through VX_FOUND() before VX_MARK_VIRTUAL() has run; that early exit is the
 * violation, reported on the line invoking the macro. The failure macro returns
 * SP_RETURN_ERROR (exempt) and the final VX_FOUND() comes after the field is set.
 */

#include <ntddk.h>
#include <storport.h>

#define VX_TAG 'tSxV'
#define VX_MARK_VIRTUAL(ci) ((ci)->VirtualDevice = TRUE)
#define VX_FOUND() return SP_RETURN_FOUND
#define VX_FAIL() return SP_RETURN_ERROR

typedef struct _VX_EXT {
    BOOLEAN DumpMode;
    PVOID RequestPool;
} VX_EXT, *PVX_EXT;

static BOOLEAN
VxIsDumpMode(PCHAR ArgumentString)
{
    return ArgumentString != NULL && strstr(ArgumentString, "dump=1") != NULL;
}

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    if (VxIsDumpMode(ArgumentString)) {
        ext->DumpMode = TRUE;
        VX_FOUND();  // expect: StorPortVirtualDevice2
    }
    ext->RequestPool = ExAllocatePoolWithTag(NonPagedPoolNx, 0x4000, VX_TAG);
    if (ext->RequestPool == NULL) {
        VX_FAIL();  // ok: StorPortVirtualDevice2
    }
    VX_MARK_VIRTUAL(ConfigInfo);
    VX_FOUND();  // ok: StorPortVirtualDevice2
}

BOOLEAN
VxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VX_EXT);
    init.HwFindAdapter = VxFindAdapter;
    init.HwInitialize = VxInitialize;
    init.HwStartIo = VxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
