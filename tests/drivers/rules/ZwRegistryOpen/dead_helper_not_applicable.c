// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=not_applicable
// expect-kind: virtual
/*
 * The driver writes its runtime state with ZwCreateKey / ZwSetValueKey / ZwClose (the
 * other registry rule's business). The only ZwOpenKey is in a static helper that no
 * entry point calls, so ZwRegistryOpen does not apply; the ZwClose calls on created
 * handles do not make it apply.
 */

#include <ntddk.h>
#include <storport.h>

#define VD_RUNTIME_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vddisk\\Runtime"

typedef struct _VD_EXT {
    ULONG Instance;
} VD_EXT, *PVD_EXT;

static BOOLEAN
VdRuntimeKeyExists(VOID)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;

    RtlInitUnicodeString(&name, VD_RUNTIME_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    return NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa));  // ok: ZwRegistryOpen
}

ULONG
VdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVD_EXT ext = (PVD_EXT)DeviceExtension;
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Instance = 0;
    RtlInitUnicodeString(&name, VD_RUNTIME_KEY);
    RtlInitUnicodeString(&valueName, L"Instance");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (NT_SUCCESS(ZwCreateKey(&key, KEY_SET_VALUE, &oa, 0, NULL, REG_OPTION_VOLATILE,
                               NULL))) {
        ZwSetValueKey(key, &valueName, 0, REG_DWORD, &ext->Instance, sizeof(ULONG));
        ZwClose(key);
    }
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VD_EXT);
    init.HwFindAdapter = VdFindAdapter;
    init.HwInitialize = VdInitialize;
    init.HwStartIo = VdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
