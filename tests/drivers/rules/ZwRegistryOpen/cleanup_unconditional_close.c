// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=defect
// expect-kind: physical
/*
 * The passive initialization routine funnels every exit through `cleanup:`, which
 * calls ZwClose without checking the handle. When ZwOpenKey fails the jump to cleanup
 * closes the NULL the failed open left in the variable. The success path closes once,
 * correctly.
 */

#include <ntddk.h>
#include <storport.h>

#define AH_PORT_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\ahcix\\Parameters\\Ports"

typedef struct _AH_EXT {
    ULONG PortMask;
} AH_EXT, *PAH_EXT;

BOOLEAN
AhPassiveInit(PVOID DeviceExtension)
{
    PAH_EXT ext = (PAH_EXT)DeviceExtension;
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    HANDLE key;
    ULONG length;
    NTSTATUS status;

    RtlInitUnicodeString(&name, AH_PORT_KEY);
    RtlInitUnicodeString(&valueName, L"EnabledPorts");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        goto cleanup;
    }
    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info,
                             sizeof(buffer), &length);
    if (!NT_SUCCESS(status)) {
        goto cleanup;
    }
    ext->PortMask = *(PULONG)info->Data;
cleanup:
    ZwClose(key);  // expect: ZwRegistryOpen
    return TRUE;
}

ULONG
AhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAH_EXT ext = (PAH_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->PortMask = 0xFFFFFFFF;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
AhInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, AhPassiveInit);
}

BOOLEAN
AhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(AH_EXT);
    init.HwFindAdapter = AhFindAdapter;
    init.HwInitialize = AhInitialize;
    init.HwStartIo = AhStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
