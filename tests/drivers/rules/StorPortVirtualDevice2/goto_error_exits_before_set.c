// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=pass
// expect-kind: virtual
/*
 * The trap: every failure leaves through `goto fail` to an exit that returns
 * SP_RETURN_ERROR, before VirtualDevice has been set; a missing lower device returns
 * SP_RETURN_NOT_FOUND right away. Those exits are exempt. The only SP_RETURN_FOUND exit
 * comes after the field is set.
 */

#include <ntddk.h>
#include <storport.h>

#define VD_TAG 'kDtV'

typedef struct _VD_EXT {
    PVOID LunTable;
    PVOID SenseBuffers;
} VD_EXT, *PVD_EXT;

ULONG
VdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVD_EXT ext = (PVD_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;  // ok: StorPortVirtualDevice2
    }
    ext->LunTable = ExAllocatePoolWithTag(NonPagedPoolNx, 0x1000, VD_TAG);
    if (ext->LunTable == NULL) {
        goto fail;
    }
    ext->SenseBuffers = ExAllocatePoolWithTag(NonPagedPoolNx, 0x2000, VD_TAG);
    if (ext->SenseBuffers == NULL) {
        goto fail;
    }
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice2

fail:
    if (ext->LunTable != NULL) {
        ExFreePoolWithTag(ext->LunTable, VD_TAG);
        ext->LunTable = NULL;
    }
    return SP_RETURN_ERROR;  // ok: StorPortVirtualDevice2
}

BOOLEAN
VdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VD_EXT);
    init.HwFindAdapter = VdFindAdapter;
    init.HwInitialize = VdInitialize;
    init.HwStartIo = VdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
