// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=pass
// expect-kind: virtual
/*
 * FindAdapter allocates one descriptor per LUN in a loop inside __try/__finally; a
 * failed allocation leaves the guarded block with __leave, and the __finally block
 * frees what was allocated when the set-up did not complete. The function then returns
 * SP_RETURN_ERROR (exempt) or sets VirtualDevice and returns SP_RETURN_FOUND.
 */

#include <ntddk.h>
#include <storport.h>

#define VL_TAG 'nuLV'
#define VL_LUNS 8

typedef struct _VL_LUN {
    ULONG Lun;
    ULONGLONG Blocks;
} VL_LUN, *PVL_LUN;

typedef struct _VL_EXT {
    PVL_LUN Luns[VL_LUNS];
} VL_EXT, *PVL_EXT;

ULONG
VlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVL_EXT ext = (PVL_EXT)DeviceExtension;
    BOOLEAN complete = FALSE;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    __try {
        for (i = 0; i < VL_LUNS; i++) {
            ext->Luns[i] = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(VL_LUN), VL_TAG);
            if (ext->Luns[i] == NULL) {
                __leave;
            }
            ext->Luns[i]->Lun = i;
            ext->Luns[i]->Blocks = 0x100000;
        }
        complete = TRUE;
    } __finally {
        if (!complete) {
            for (i = 0; i < VL_LUNS; i++) {
                if (ext->Luns[i] != NULL) {
                    ExFreePoolWithTag(ext->Luns[i], VL_TAG);
                    ext->Luns[i] = NULL;
                }
            }
        }
    }
    if (!complete) {
        return SP_RETURN_ERROR;  // ok: StorPortVirtualDevice2
    }
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfLogicalUnits = VL_LUNS;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // ok: StorPortVirtualDevice2
}

BOOLEAN
VlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VL_EXT);
    init.HwFindAdapter = VlFindAdapter;
    init.HwInitialize = VlInitialize;
    init.HwStartIo = VlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
