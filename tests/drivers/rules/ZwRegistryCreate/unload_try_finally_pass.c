// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=pass
// expect-kind: virtual
/*
 * Correct code in a DriverUnload hook (installed after StorPortInitialize, chaining to
 * Storport's own): the key is created inside __try, the body leaves with __leave when
 * the create fails, writes and deletes the key, and the __finally block closes the
 * handle if it is set. ZwDeleteKey followed by ZwClose is the right sequence.
 */

#include <ntddk.h>
#include <storport.h>

#define VU_RUNTIME_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vudisk\\Runtime"

typedef struct _VU_EXT {
    ULONG Luns;
} VU_EXT, *PVU_EXT;

static PDRIVER_UNLOAD g_StorportUnload;

VOID
VuUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    ULONG state = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&name, VU_RUNTIME_KEY);
    RtlInitUnicodeString(&valueName, L"State");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    __try {
        status = ZwCreateKey(&key, KEY_ALL_ACCESS | DELETE, &oa, 0, NULL,
                             REG_OPTION_VOLATILE, NULL);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        ZwSetValueKey(key, &valueName, 0, REG_DWORD, &state, sizeof(state));  // ok: ZwRegistryCreate
        ZwDeleteKey(key);  // ok: ZwRegistryCreate
    } __finally {
        if (key != NULL) {
            ZwClose(key);  // ok: ZwRegistryCreate
        }
    }
    if (g_StorportUnload != NULL) {
        g_StorportUnload(DriverObject);
    }
}  // ok: ZwRegistryCreate

ULONG
VuFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVU_EXT ext = (PVU_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Luns = 1;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VuInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VuStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VU_EXT);
    init.HwFindAdapter = VuFindAdapter;
    init.HwInitialize = VuInitialize;
    init.HwStartIo = VuStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath,
                                (PHW_INITIALIZATION_DATA)&init, NULL);
    if (NT_SUCCESS(status)) {
        g_StorportUnload = DriverObject->DriverUnload;
        DriverObject->DriverUnload = VuUnload;
    }
    return status;
}
