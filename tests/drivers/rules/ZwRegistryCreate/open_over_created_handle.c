// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: virtual
/*
 * The passive initialization routine creates the service's Parameters key and then
 * opens its Targets subkey into the same variable (the parent handle is the
 * RootDirectory of the open). The open overwrites the created handle while it is still
 * open, so the parent handle leaks: a ZwRegistryCreate violation at the ZwOpenKey call.
 */

#include <ntddk.h>
#include <storport.h>

#define VP_PARAMS_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vpdisk\\Parameters"

typedef struct _VP_EXT {
    ULONG Targets;
} VP_EXT, *PVP_EXT;

BOOLEAN
VpPassiveInit(PVOID DeviceExtension)
{
    PVP_EXT ext = (PVP_EXT)DeviceExtension;
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    HANDLE key;
    ULONG length;
    NTSTATUS status;

    RtlInitUnicodeString(&name, VP_PARAMS_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, NULL, REG_OPTION_NON_VOLATILE, NULL);
    if (!NT_SUCCESS(status)) {
        return TRUE;
    }
    RtlInitUnicodeString(&name, L"Targets");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               key, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);  // expect: ZwRegistryCreate
    if (NT_SUCCESS(status)) {
        RtlInitUnicodeString(&valueName, L"Count");
        if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info,
                                       sizeof(buffer), &length))) {
            ext->Targets = *(PULONG)info->Data;
        }
        ZwClose(key);
    }
    return TRUE;
}

ULONG
VpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVP_EXT ext = (PVP_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Targets = 1;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VpInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, VpPassiveInit);
}

BOOLEAN
VpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VP_EXT);
    init.HwFindAdapter = VpFindAdapter;
    init.HwInitialize = VpInitialize;
    init.HwStartIo = VpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
