// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=defect
// expect-kind: virtual
/*
 * A system thread (started by the passive initialization routine) enumerates the LUN
 * subkeys inside __try/__finally. Each iteration opens the subkey into `child`; when
 * the query fails the loop `continue`s with `child` still open, and the next
 * iteration's ZwOpenKey overwrites it. The __finally block only closes the last one.
 * Reported once, on the open inside the loop.
 */

#include <ntddk.h>
#include <storport.h>

#define VL_LUNS_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vldisk\\Luns"
#define VL_MAX_LUNS 16

typedef struct _VL_EXT {
    HANDLE ScanThread;
    ULONG LunSize[VL_MAX_LUNS];
} VL_EXT, *PVL_EXT;

VOID VlNameFromBasicInfo(PKEY_BASIC_INFORMATION Info, PUNICODE_STRING Name);

VOID
VlScanThread(PVOID Context)
{
    PVL_EXT ext = (PVL_EXT)Context;
    UCHAR basic[sizeof(KEY_BASIC_INFORMATION) + 64 * sizeof(WCHAR)];
    UCHAR partial[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    HANDLE parent = NULL;
    HANDLE child = NULL;
    ULONG index;
    ULONG length;
    NTSTATUS status;

    RtlInitUnicodeString(&name, VL_LUNS_KEY);
    RtlInitUnicodeString(&valueName, L"SizeMb");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    __try {
        status = ZwOpenKey(&parent, KEY_READ, &oa);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        for (index = 0; index < VL_MAX_LUNS; index++) {
            status = ZwEnumerateKey(parent, index, KeyBasicInformation, basic, sizeof(basic), &length);
            if (!NT_SUCCESS(status)) {
                break;
            }
            VlNameFromBasicInfo((PKEY_BASIC_INFORMATION)basic, &name);
            InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, parent, NULL);
            status = ZwOpenKey(&child, KEY_READ, &oa);  // expect: ZwRegistryOpen
            if (!NT_SUCCESS(status)) {
                continue;
            }
            status = ZwQueryValueKey(child, &valueName, KeyValuePartialInformation, partial,
                                     sizeof(partial), &length);
            if (!NT_SUCCESS(status)) {
                continue;
            }
            ext->LunSize[index] = *(PULONG)((PKEY_VALUE_PARTIAL_INFORMATION)partial)->Data;
            ZwClose(child);
            child = NULL;
        }
    } __finally {
        if (child != NULL) {
            ZwClose(child);
        }
        if (parent != NULL) {
            ZwClose(parent);
        }
    }
}

BOOLEAN
VlPassiveInit(PVOID DeviceExtension)
{
    PVL_EXT ext = (PVL_EXT)DeviceExtension;

    return NT_SUCCESS(PsCreateSystemThread(&ext->ScanThread, 0, NULL, NULL, NULL, VlScanThread, ext));
}

ULONG
VlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VlInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, VlPassiveInit);
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
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
