// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=pass
// expect-kind: virtual
/*
 * Correct recursion: FindAdapter builds a nested volatile key path one component per
 * level of a recursive helper. Each level creates its child under the parent handle it
 * was given, recurses with the child, and closes the child before returning, also when
 * the deeper levels fail. No handle outlives the level that created it.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VN_EXT {
    ULONG Depth;
} VN_EXT, *PVN_EXT;

static PCWSTR g_VnPath[] = {
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vndisk",
    L"Runtime",
    L"Adapters",
    L"0000",
};

static NTSTATUS
VnCreatePath(HANDLE Parent, PCWSTR *Parts, ULONG Count)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE child;
    NTSTATUS status;

    if (Count == 0) {
        return STATUS_SUCCESS;
    }
    RtlInitUnicodeString(&name, Parts[0]);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               Parent, NULL);
    status = ZwCreateKey(&child, KEY_ALL_ACCESS, &oa, 0, NULL, REG_OPTION_VOLATILE, NULL);  // ok: ZwRegistryCreate
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = VnCreatePath(child, Parts + 1, Count - 1);
    ZwClose(child);  // ok: ZwRegistryCreate
    return status;
}

ULONG
VnFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVN_EXT ext = (PVN_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Depth = RTL_NUMBER_OF(g_VnPath);
    if (!NT_SUCCESS(VnCreatePath(NULL, g_VnPath, ext->Depth))) {
        return SP_RETURN_ERROR;  // ok: ZwRegistryCreate
    }
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // ok: ZwRegistryCreate
}

BOOLEAN
VnInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VnStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VN_EXT);
    init.HwFindAdapter = VnFindAdapter;
    init.HwInitialize = VnInitialize;
    init.HwStartIo = VnStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
