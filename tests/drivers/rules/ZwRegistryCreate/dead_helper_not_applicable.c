// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=not_applicable
// expect-kind: physical
/*
 * The driver reads its parameters with ZwOpenKey / ZwQueryValueKey / ZwClose (the other
 * registry rule's business). The only ZwCreateKey is in a static helper that no entry
 * point reaches (it leaks, but it never runs), so ZwRegistryCreate does not apply.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _RAID_EXT {
    ULONG MaxQueueDepth;
} RAID_EXT, *PRAID_EXT;

static ULONG g_MaxQueueDepth = 64;

ULONG RaidFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                      PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                      PBOOLEAN Again);
BOOLEAN RaidInitialize(PVOID DeviceExtension);
BOOLEAN RaidStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);

static VOID
RaidCreateDefaults(PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    ZwCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, NULL, REG_OPTION_NON_VOLATILE, NULL);  // ok: ZwRegistryCreate
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    HANDLE key;
    ULONG length;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        RtlInitUnicodeString(&valueName, L"MaxQueueDepth");
        if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info,
                                       sizeof(buffer), &length))) {
            g_MaxQueueDepth = *(PULONG)info->Data;
        }
        ZwClose(key);
    }
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RAID_EXT);
    init.HwFindAdapter = RaidFindAdapter;
    init.HwInitialize = RaidInitialize;
    init.HwStartIo = RaidStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}

ULONG
RaidFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PRAID_EXT ext = (PRAID_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->MaxQueueDepth = g_MaxQueueDepth;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 257;
    return SP_RETURN_FOUND;
}

BOOLEAN
RaidInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RaidStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
