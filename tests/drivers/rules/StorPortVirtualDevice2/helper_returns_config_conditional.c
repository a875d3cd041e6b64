// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=defect
// expect-kind: virtual
/*
 * A helper stores the configuration pointer in the device extension and returns it;
 * FindAdapter writes VirtualDevice through the returned alias, but only when it has no
 * lower device (it wrongly assumes a miniport layered over a lower device object is not
 * virtual). LowerDevice is whatever Storport passes, so the path with a lower device
 * reaches SP_RETURN_FOUND with the field still FALSE.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VM_EXT {
    PPORT_CONFIGURATION_INFORMATION Config;
    PDEVICE_OBJECT Lower;
} VM_EXT, *PVM_EXT;

static PPORT_CONFIGURATION_INFORMATION
VmAttachConfig(PVM_EXT Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    Ext->Config = ConfigInfo;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return ConfigInfo;
}

ULONG
VmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVM_EXT ext = (PVM_EXT)DeviceExtension;
    PPORT_CONFIGURATION_INFORMATION cfg;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Lower = (PDEVICE_OBJECT)LowerDevice;
    cfg = VmAttachConfig(ext, ConfigInfo);
    if (ext->Lower == NULL) {
        cfg->VirtualDevice = TRUE;
    }
    cfg->NumberOfBuses = 1;
    cfg->MaximumNumberOfTargets = 8;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice2
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
