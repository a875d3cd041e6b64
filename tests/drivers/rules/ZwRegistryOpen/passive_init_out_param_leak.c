// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=defect
// expect-kind: physical
/*
 * The key is opened by a helper that writes it through a PHANDLE out parameter and
 * returns the status; a second helper reads values through the handle it is passed.
 * The passive initialization routine returns early, without closing, when the
 * "Disabled" value is set: the handle is open at that return. Its normal exit closes.
 */

#include <ntddk.h>
#include <storport.h>

#define NV_DEVICE_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\nvstor\\Parameters\\Device"

typedef struct _NV_EXT {
    ULONG Disabled;
    ULONG IoTimeout;
} NV_EXT, *PNV_EXT;

BOOLEAN NvPassiveInit(PVOID DeviceExtension);

static NTSTATUS
NvOpenDeviceParameters(PHANDLE Key)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;

    RtlInitUnicodeString(&name, NV_DEVICE_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    return ZwOpenKey(Key, KEY_READ, &oa);
}

static VOID
NvReadDword(HANDLE Key, PCWSTR Name, PULONG Value)
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;

    RtlInitUnicodeString(&valueName, Name);
    if (ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info,  // ok: ZwRegistryOpen
                        sizeof(buffer), &length) == STATUS_SUCCESS) {
        *Value = *(PULONG)info->Data;
    }
}

BOOLEAN
NvPassiveInit(PVOID DeviceExtension)
{
    PNV_EXT ext = (PNV_EXT)DeviceExtension;
    HANDLE key;

    if (!NT_SUCCESS(NvOpenDeviceParameters(&key))) {
        return TRUE;  // ok: ZwRegistryOpen
    }
    NvReadDword(key, L"Disabled", &ext->Disabled);
    if (ext->Disabled != 0) {
        return FALSE;  // expect: ZwRegistryOpen
    }
    NvReadDword(key, L"IoTimeout", &ext->IoTimeout);
    ZwClose(key);  // ok: ZwRegistryOpen
    return TRUE;  // ok: ZwRegistryOpen
}

ULONG
NvFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNV_EXT ext = (PNV_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->IoTimeout = 30;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
NvInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, NvPassiveInit);
}

BOOLEAN
NvStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NV_EXT);
    init.HwFindAdapter = NvFindAdapter;
    init.HwInitialize = NvInitialize;
    init.HwStartIo = NvStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
