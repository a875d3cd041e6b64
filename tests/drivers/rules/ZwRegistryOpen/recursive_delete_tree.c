// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=pass
// expect-kind: virtual
/*
 * Correct recursion: HwFreeAdapterResources deletes the adapter's runtime key tree.
 * The recursive helper opens the first subkey under the handle it was given, recurses
 * into it, deletes it and closes it before looking at the next one, returning early
 * (with nothing open at its level) on failure. ZwDeleteKey is always followed by
 * ZwClose. Nothing may be reported.
 */

#include <ntddk.h>
#include <storport.h>

#define VR_RUNTIME_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vrdisk\\Runtime"
#define VR_MAX_DEPTH 8

typedef struct _VR_EXT {
    ULONG Luns;
} VR_EXT, *PVR_EXT;

VOID VrNameFromBasicInfo(PKEY_BASIC_INFORMATION Info, PUNICODE_STRING Name);

static NTSTATUS
VrDeleteSubtree(HANDLE Key, ULONG Depth)
{
    UCHAR buffer[sizeof(KEY_BASIC_INFORMATION) + 64 * sizeof(WCHAR)];
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE child;
    ULONG length;
    NTSTATUS status;

    while (Depth <= VR_MAX_DEPTH) {
        status = ZwEnumerateKey(Key, 0, KeyBasicInformation, buffer, sizeof(buffer), &length);  // ok: ZwRegistryOpen
        if (!NT_SUCCESS(status)) {
            break;
        }
        VrNameFromBasicInfo((PKEY_BASIC_INFORMATION)buffer, &name);
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   Key, NULL);
        status = ZwOpenKey(&child, KEY_ALL_ACCESS | DELETE, &oa);  // ok: ZwRegistryOpen
        if (!NT_SUCCESS(status)) {
            return status;
        }
        status = VrDeleteSubtree(child, Depth + 1);
        if (NT_SUCCESS(status)) {
            status = ZwDeleteKey(child);  // ok: ZwRegistryOpen
        }
        ZwClose(child);  // ok: ZwRegistryOpen
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    return STATUS_SUCCESS;
}

VOID
VrFreeAdapterResources(PVOID DeviceExtension)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE root;

    UNREFERENCED_PARAMETER(DeviceExtension);
    RtlInitUnicodeString(&name, VR_RUNTIME_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&root, KEY_ALL_ACCESS | DELETE, &oa))) {
        if (NT_SUCCESS(VrDeleteSubtree(root, 0))) {
            ZwDeleteKey(root);  // ok: ZwRegistryOpen
        }
        ZwClose(root);  // ok: ZwRegistryOpen
    }
}  // ok: ZwRegistryOpen

ULONG
VrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVR_EXT ext = (PVR_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Luns = 1;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VR_EXT);
    init.HwFindAdapter = VrFindAdapter;
    init.HwInitialize = VrInitialize;
    init.HwFreeAdapterResources = VrFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
