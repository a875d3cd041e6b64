// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=defect
// expect-kind: physical
/*
 * The classic subkey mistake: DriverEntry opens the service key, then opens its
 * Parameters subkey (service key as RootDirectory) into the same variable. The second
 * ZwOpenKey overwrites a handle that is still open and leaks it. Reported at the
 * second open; the path where the first open failed is fine.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _MR_EXT {
    ULONG MaxSgl;
} MR_EXT, *PMR_EXT;

static ULONG g_MaxSgl = 64;

ULONG MrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                    PBOOLEAN Again);
BOOLEAN MrInitialize(PVOID DeviceExtension);
BOOLEAN MrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    HANDLE key;
    ULONG length;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        RtlInitUnicodeString(&name, L"Parameters");
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   key, NULL);
        status = ZwOpenKey(&key, KEY_READ, &oa);  // expect: ZwRegistryOpen
        if (NT_SUCCESS(status)) {
            RtlInitUnicodeString(&valueName, L"MaxSgl");
            if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                           info, sizeof(buffer), &length))) {
                g_MaxSgl = *(PULONG)info->Data;
            }
            ZwClose(key);
        }
    }
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MR_EXT);
    init.HwFindAdapter = MrFindAdapter;
    init.HwInitialize = MrInitialize;
    init.HwStartIo = MrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}

ULONG
MrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PMR_EXT ext = (PMR_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->MaxSgl = g_MaxSgl;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = ext->MaxSgl;
    return SP_RETURN_FOUND;
}

BOOLEAN
MrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
MrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
