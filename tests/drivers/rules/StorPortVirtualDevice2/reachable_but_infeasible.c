// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=pass
// expect-kind: virtual
/*
 * A compatibility helper clears VirtualDevice for a legacy "physical emulation" mode,
 * but FindAdapter only ever calls it with VM_COMPAT_NONE after setting the field to
 * TRUE. The clearing write is reachable in the call graph and on no feasible path, so
 * the field is TRUE at every SP_RETURN_FOUND exit: pass.
 */

#include <ntddk.h>
#include <storport.h>

#define VM_COMPAT_NONE     0
#define VM_COMPAT_PHYSICAL 1

typedef struct _VM_EXT {
    ULONG CompatMode;
} VM_EXT, *PVM_EXT;

static VOID
VmApplyCompat(PVM_EXT Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo, ULONG Mode)
{
    Ext->CompatMode = Mode;
    if (Mode == VM_COMPAT_PHYSICAL) {
        ConfigInfo->VirtualDevice = FALSE;
        ConfigInfo->NumberOfPhysicalBreaks = 17;
    }
}

ULONG
VmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVM_EXT ext = (PVM_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 65;
    VmApplyCompat(ext, ConfigInfo, VM_COMPAT_NONE);
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice2
}

BOOLEAN
VmInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VM_EXT);
    init.HwFindAdapter = VmFindAdapter;
    init.HwInitialize = VmInitialize;
    init.HwStartIo = VmStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
