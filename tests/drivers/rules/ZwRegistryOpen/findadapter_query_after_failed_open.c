// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=defect
// expect-kind: virtual
/*
 * FindAdapter opens its per-adapter key with ZwOpenKeyEx and only traces a failure
 * before querying: when the open fails the handle variable holds NULL and
 * ZwQueryValueKey is called on it. The success path queries and closes correctly.
 */

#include <ntddk.h>
#include <storport.h>

#define VQ_ADAPTER_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vqdisk\\Adapter"

typedef struct _VQ_EXT {
    ULONG MaxLuns;
} VQ_EXT, *PVQ_EXT;

VOID VqTrace(PCSTR Message, NTSTATUS Status);

ULONG
VqFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVQ_EXT ext = (PVQ_EXT)DeviceExtension;
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    HANDLE key;
    ULONG length;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->MaxLuns = 8;
    RtlInitUnicodeString(&name, VQ_ADAPTER_KEY);
    RtlInitUnicodeString(&valueName, L"MaxLuns");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKeyEx(&key, KEY_READ, &oa, 0);
    if (!NT_SUCCESS(status)) {
        VqTrace("adapter key missing", status);
    }
    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info,  // expect: ZwRegistryOpen
                             sizeof(buffer), &length);
    if (NT_SUCCESS(status)) {
        ext->MaxLuns = *(PULONG)info->Data;
    }
    ZwClose(key);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfLogicalUnits = (UCHAR)ext->MaxLuns;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VqInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VqStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VQ_EXT);
    init.HwFindAdapter = VqFindAdapter;
    init.HwInitialize = VqInitialize;
    init.HwStartIo = VqStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
