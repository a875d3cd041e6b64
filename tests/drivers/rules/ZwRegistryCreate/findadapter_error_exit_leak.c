// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: virtual
/*
 * FindAdapter creates a volatile per-adapter key, writes the instance number and closes
 * it on the success path, but the allocation-failure exit added later returns with the
 * key still open. The failed-create exit is fine (no handle is open there).
 */

#include <ntddk.h>
#include <storport.h>

#define VH_TAG 'aHvV'
#define VH_ADAPTER_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vhba\\Adapters"

typedef struct _VH_EXT {
    ULONG Instance;
    PVOID LunTable;
} VH_EXT, *PVH_EXT;

ULONG
VhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVH_EXT ext = (PVH_EXT)DeviceExtension;
    UNICODE_STRING keyName;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    ULONG disposition = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    RtlInitUnicodeString(&keyName, VH_ADAPTER_KEY);
    RtlInitUnicodeString(&valueName, L"Instance");
    InitializeObjectAttributes(&oa, &keyName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, NULL, REG_OPTION_VOLATILE,
                         &disposition);
    if (!NT_SUCCESS(status)) {
        return SP_RETURN_ERROR;  // ok: ZwRegistryCreate
    }
    ext->Instance = disposition == REG_CREATED_NEW_KEY ? 0 : 1;
    ZwSetValueKey(key, &valueName, 0, REG_DWORD, &ext->Instance, sizeof(ULONG));  // ok: ZwRegistryCreate
    ext->LunTable = ExAllocatePoolWithTag(NonPagedPoolNx, 0x1000, VH_TAG);
    if (ext->LunTable == NULL) {
        return SP_RETURN_ERROR;  // expect: ZwRegistryCreate
    }
    ZwClose(key);  // ok: ZwRegistryCreate
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // ok: ZwRegistryCreate
}

BOOLEAN
VhInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VH_EXT);
    init.HwFindAdapter = VhFindAdapter;
    init.HwInitialize = VhInitialize;
    init.HwStartIo = VhStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
