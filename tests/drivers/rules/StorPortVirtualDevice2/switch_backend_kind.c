// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=defect
// expect-kind: virtual
/*
 * A virtual miniport with several back ends chosen by the first character of its
 * argument string. The `switch` sets VirtualDevice in the RAM-disk and iSCSI cases but
 * the file-backed case (added later) forgot it, and the default case falls back to the
 * file back end. Every case then reaches the common SP_RETURN_FOUND exit.
 */

#include <ntddk.h>
#include <storport.h>

typedef enum _VB_BACKEND {
    VbRamDisk,
    VbIscsi,
    VbFile
} VB_BACKEND;

typedef struct _VB_EXT {
    VB_BACKEND Backend;
} VB_EXT, *PVB_EXT;

ULONG
VbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVB_EXT ext = (PVB_EXT)DeviceExtension;
    CHAR kind = ArgumentString != NULL ? ArgumentString[0] : 'F';

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    *Again = FALSE;
    switch (kind) {
    case 'R':
        ext->Backend = VbRamDisk;
        ConfigInfo->VirtualDevice = TRUE;
        break;
    case 'I':
        ext->Backend = VbIscsi;
        ConfigInfo->VirtualDevice = TRUE;
        ConfigInfo->MaximumNumberOfTargets = 64;
        break;
    case 'F':
    default:
        ext->Backend = VbFile;
        break;
    }
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice2
}

BOOLEAN
VbInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VB_EXT);
    init.HwFindAdapter = VbFindAdapter;
    init.HwInitialize = VbInitialize;
    init.HwStartIo = VbStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
