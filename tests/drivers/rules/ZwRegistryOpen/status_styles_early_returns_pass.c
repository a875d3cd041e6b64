// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=pass
// expect-kind: virtual
/*
 * Correct code with every status-test style the rule must understand: `status < 0`
 * after ZwOpenKey (falling back to defaults), `status == STATUS_SUCCESS` after
 * ZwOpenKeyEx of a subkey, NT_SUCCESS inside the read helper, and an early
 * SP_RETURN_BAD_CONFIG exit that closes the key first. Nothing may be reported.
 */

#include <ntddk.h>
#include <storport.h>

#define VS_PARAMS_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vsdisk\\Parameters"

typedef struct _VS_EXT {
    ULONG Luns;
    ULONG BlockSize;
} VS_EXT, *PVS_EXT;

static VOID
VsReadDword(HANDLE Key, PCWSTR Name, PULONG Value)
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info,  // ok: ZwRegistryOpen
                             sizeof(buffer), &length);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD) {
        *Value = *(PULONG)info->Data;
    }
}

ULONG
VsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVS_EXT ext = (PVS_EXT)DeviceExtension;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE paramsKey;
    HANDLE lunKey;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Luns = 1;
    ext->BlockSize = 512;
    RtlInitUnicodeString(&name, VS_PARAMS_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (status < 0) {
        goto configure;
    }
    VsReadDword(paramsKey, L"Luns", &ext->Luns);
    RtlInitUnicodeString(&name, L"Lun0");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               paramsKey, NULL);
    status = ZwOpenKeyEx(&lunKey, KEY_READ, &oa, 0);
    if (status == STATUS_SUCCESS) {
        VsReadDword(lunKey, L"BlockSize", &ext->BlockSize);
        ZwClose(lunKey);  // ok: ZwRegistryOpen
    }
    if (ext->Luns == 0) {
        ZwClose(paramsKey);  // ok: ZwRegistryOpen
        return SP_RETURN_BAD_CONFIG;  // ok: ZwRegistryOpen
    }
    ZwClose(paramsKey);  // ok: ZwRegistryOpen
configure:
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfLogicalUnits = (UCHAR)ext->Luns;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // ok: ZwRegistryOpen
}

BOOLEAN
VsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VS_EXT);
    init.HwFindAdapter = VsFindAdapter;
    init.HwInitialize = VsInitialize;
    init.HwStartIo = VsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
