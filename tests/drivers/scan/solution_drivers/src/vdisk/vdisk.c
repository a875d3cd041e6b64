/*
 * A virtual miniport of the solution, two folders down (src\vdisk): its project finds
 * sol_common.h through $(SolutionDir)shared, which only the solution's folder gives
 * (without it SOL_REGISTER_STARTIO is unknown and VdStartIo is not registered).
 */
// expect-kind: virtual

#include "sol_common.h"

typedef struct _VD_EXT {
    ULONG Luns;
} VD_EXT, *PVD_EXT;

BOOLEAN
VdStartIo(  // expect-entry: HW_STARTIO by=registration
    PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
VdFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VdInitialize(  // expect-entry: HW_INITIALIZE by=registration
    PVOID DeviceExtension)
{
    return TRUE;
}

NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.HwFindAdapter = VdFindAdapter;
    init.HwInitialize = VdInitialize;
    SOL_REGISTER_STARTIO(init, VdStartIo);
    init.DeviceExtensionSize = sizeof(VD_EXT);
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,  // expect: ZwRegistryOpen
                              NULL);
}
