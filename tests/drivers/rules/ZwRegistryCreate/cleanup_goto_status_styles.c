// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=pass
// expect-kind: physical
/*
 * Correct code, written the way real DriverEntry routines are: an early return before
 * any key exists, two nested creates tested with `status < 0` and
 * `status != STATUS_SUCCESS`, a write tested with !NT_SUCCESS, every failure going to
 * one `cleanup:` label that closes each handle only `if (h)` / `if (h != NULL)`.
 * Nothing may be reported.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _SAS_EXT {
    ULONG QueueDepth;
} SAS_EXT, *PSAS_EXT;

static ULONG g_QueueDepth = 32;

ULONG SasFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                     PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                     PBOOLEAN Again);
BOOLEAN SasInitialize(PVOID DeviceExtension);
BOOLEAN SasStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG disposition = 0;
    ULONG length;
    NTSTATUS status;

    if (RegistryPath == NULL || RegistryPath->Length == 0) {
        return STATUS_INVALID_PARAMETER;  // ok: ZwRegistryCreate
    }
    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateKey(&serviceKey, KEY_ALL_ACCESS, &oa, 0, NULL,
                         REG_OPTION_NON_VOLATILE, NULL);
    if (status < 0) {
        goto cleanup;
    }
    RtlInitUnicodeString(&name, L"Parameters");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               serviceKey, NULL);
    status = ZwCreateKey(&paramsKey, KEY_ALL_ACCESS, &oa, 0, NULL,
                         REG_OPTION_NON_VOLATILE, &disposition);
    if (status != STATUS_SUCCESS) {
        goto cleanup;
    }
    RtlInitUnicodeString(&valueName, L"QueueDepth");
    if (disposition == REG_CREATED_NEW_KEY) {
        status = ZwSetValueKey(paramsKey, &valueName, 0, REG_DWORD, &g_QueueDepth,  // ok: ZwRegistryCreate
                               sizeof(ULONG));
        if (!NT_SUCCESS(status)) {
            goto cleanup;
        }
    }
    status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation, info,  // ok: ZwRegistryCreate
                             sizeof(buffer), &length);
    if (status == STATUS_SUCCESS && info->Type == REG_DWORD) {
        g_QueueDepth = *(PULONG)info->Data;
    }
cleanup:
    if (paramsKey) {
        ZwClose(paramsKey);  // ok: ZwRegistryCreate
    }
    if (serviceKey != NULL) {
        ZwClose(serviceKey);  // ok: ZwRegistryCreate
    }
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SAS_EXT);
    init.HwFindAdapter = SasFindAdapter;
    init.HwInitialize = SasInitialize;
    init.HwStartIo = SasStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);  // ok: ZwRegistryCreate
}

ULONG
SasFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->QueueDepth = g_QueueDepth;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 257;
    return SP_RETURN_FOUND;
}

BOOLEAN
SasInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SasStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
