// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=defect
// expect-kind: physical
/*
 * DriverEntry opens the service key it is given, reads two tuning values and hands
 * over to StorPortInitialize without closing the key: the handle is open at
 * DriverEntry's return on the path where the open succeeded.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _LSI_EXT {
    ULONG QueueDepth;
} LSI_EXT, *PLSI_EXT;

static ULONG g_QueueDepth = 32;
static ULONG g_CoalesceUs = 0;

ULONG LsiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                     PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                     PBOOLEAN Again);
BOOLEAN LsiInitialize(PVOID DeviceExtension);
BOOLEAN LsiStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);

static VOID
LsiQueryDword(HANDLE Key, PCWSTR Name, PULONG Value)
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;

    RtlInitUnicodeString(&valueName, Name);
    if (NT_SUCCESS(ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info,  // ok: ZwRegistryOpen
                                   sizeof(buffer), &length)) && info->Type == REG_DWORD) {
        *Value = *(PULONG)info->Data;
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    OBJECT_ATTRIBUTES oa;
    HANDLE serviceKey;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        LsiQueryDword(serviceKey, L"QueueDepth", &g_QueueDepth);
        LsiQueryDword(serviceKey, L"InterruptCoalescingUs", &g_CoalesceUs);
    }
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(LSI_EXT);
    init.HwFindAdapter = LsiFindAdapter;
    init.HwInitialize = LsiInitialize;
    init.HwStartIo = LsiStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);  // expect: ZwRegistryOpen
}

ULONG
LsiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PLSI_EXT ext = (PLSI_EXT)DeviceExtension;

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
LsiInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
LsiStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
