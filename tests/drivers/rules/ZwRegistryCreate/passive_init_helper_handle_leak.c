// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: physical
/*
 * The handle is created in a helper that returns it (NULL on failure) and written
 * through a second helper that takes it as a parameter. The passive initialization
 * routine checks for NULL, publishes two values and returns TRUE without closing it:
 * the open handle is reported at the return of the entry point (the helper's own
 * return is not an exit of an entry point).
 */

#include <ntddk.h>
#include <storport.h>

#define NV_STATE_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\nvstor\\State"

typedef struct _NV_EXT {
    ULONG FirmwareRevision;
    ULONG NamespaceCount;
} NV_EXT, *PNV_EXT;

BOOLEAN NvPassiveInit(PVOID DeviceExtension);

static HANDLE
NvCreateStateKey(VOID)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    NTSTATUS status;

    RtlInitUnicodeString(&name, NV_STATE_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateKey(&key, KEY_SET_VALUE, &oa, 0, NULL, REG_OPTION_VOLATILE, NULL);
    if (!NT_SUCCESS(status)) {
        return NULL;
    }
    return key;
}

static NTSTATUS
NvWriteUlong(HANDLE Key, PCWSTR Name, ULONG Value)
{
    UNICODE_STRING valueName;

    RtlInitUnicodeString(&valueName, Name);
    return ZwSetValueKey(Key, &valueName, 0, REG_DWORD, &Value, sizeof(Value));  // ok: ZwRegistryCreate
}

BOOLEAN
NvPassiveInit(PVOID DeviceExtension)
{
    PNV_EXT ext = (PNV_EXT)DeviceExtension;
    HANDLE stateKey;

    stateKey = NvCreateStateKey();
    if (stateKey == NULL) {
        return FALSE;  // ok: ZwRegistryCreate
    }
    NvWriteUlong(stateKey, L"FirmwareRevision", ext->FirmwareRevision);
    NvWriteUlong(stateKey, L"Namespaces", ext->NamespaceCount);
    return TRUE;  // expect: ZwRegistryCreate
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
    ext->FirmwareRevision = 0x0105;
    ext->NamespaceCount = 1;
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
