// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=pass
// expect-kind: physical
/*
 * Correct DriverEntry: opens the service key, then its Parameters subkey (with the
 * service key as RootDirectory), each failure jumping to one `cleanup:` label that
 * closes each handle only if it is set (`if (h)`, `if (h != NULL)`); both handles start
 * out NULL. The ZwClose on a handle from IoOpenDriverRegistryKey is not this rule's
 * business either way.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _FC_EXT {
    ULONG LinkSpeed;
} FC_EXT, *PFC_EXT;

static ULONG g_LinkSpeed;

ULONG FcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                    PBOOLEAN Again);
BOOLEAN FcInitialize(PVOID DeviceExtension);
BOOLEAN FcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    HANDLE stateKey = NULL;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    KEY_FULL_INFORMATION keyInfo;
    ULONG length;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        goto cleanup;
    }
    RtlInitUnicodeString(&name, L"Parameters");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        goto cleanup;
    }
    status = ZwQueryKey(paramsKey, KeyFullInformation, &keyInfo, sizeof(keyInfo), &length);  // ok: ZwRegistryOpen
    if (NT_SUCCESS(status) && keyInfo.Values > 0) {
        g_LinkSpeed = keyInfo.Values;
    }
    if (NT_SUCCESS(IoOpenDriverRegistryKey(DriverObject, DriverRegKeyPersistentState,
                                           KEY_READ, 0, &stateKey))) {
        ZwClose(stateKey);  // ok: ZwRegistryOpen
    }
cleanup:
    if (paramsKey) {
        ZwClose(paramsKey);  // ok: ZwRegistryOpen
    }
    if (serviceKey != NULL) {
        ZwClose(serviceKey);  // ok: ZwRegistryOpen
    }
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FC_EXT);
    init.HwFindAdapter = FcFindAdapter;
    init.HwInitialize = FcInitialize;
    init.HwStartIo = FcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);  // ok: ZwRegistryOpen
}

ULONG
FcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFC_EXT ext = (PFC_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->LinkSpeed = g_LinkSpeed;
    ConfigInfo->MaximumTransferLength = 0x80000;
    ConfigInfo->NumberOfPhysicalBreaks = 129;
    return SP_RETURN_FOUND;
}

BOOLEAN
FcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
