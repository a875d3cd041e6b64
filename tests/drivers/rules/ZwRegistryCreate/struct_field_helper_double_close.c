// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: virtual
/*
 * Aliasing through a struct field: DriverEntry copies the created handle into a context
 * structure and passes its address to a helper that writes the defaults, flushes and
 * closes `Ctx->Key`. DriverEntry then closes its own copy of the same handle: the
 * second ZwClose is on an already closed handle.
 */

#include <ntddk.h>
#include <storport.h>

#define VR_PARAMS_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vraid\\Parameters"

typedef struct _VR_REG_CTX {
    HANDLE Key;
    ULONG Disposition;
} VR_REG_CTX, *PVR_REG_CTX;

typedef struct _VR_EXT {
    ULONG Luns;
} VR_EXT, *PVR_EXT;

ULONG VrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                    PVOID LowerDevice, PCHAR ArgumentString,
                    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);
BOOLEAN VrInitialize(PVOID DeviceExtension);
BOOLEAN VrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);

static VOID
VrWriteDefaults(PVR_REG_CTX Ctx)
{
    UNICODE_STRING valueName;
    ULONG defaultLuns = 4;

    RtlInitUnicodeString(&valueName, L"NumberOfLuns");
    if (Ctx->Disposition == REG_CREATED_NEW_KEY) {
        ZwSetValueKey(Ctx->Key, &valueName, 0, REG_DWORD, &defaultLuns, sizeof(ULONG));  // ok: ZwRegistryCreate
    }
    ZwFlushKey(Ctx->Key);  // ok: ZwRegistryCreate
    ZwClose(Ctx->Key);  // ok: ZwRegistryCreate
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    VR_REG_CTX ctx;
    HANDLE key;
    ULONG disposition = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&name, VR_PARAMS_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, NULL, REG_OPTION_NON_VOLATILE,
                         &disposition);
    if (NT_SUCCESS(status)) {
        ctx.Key = key;
        ctx.Disposition = disposition;
        VrWriteDefaults(&ctx);
        ZwClose(key);  // expect: ZwRegistryCreate
    }

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VR_EXT);
    init.HwFindAdapter = VrFindAdapter;
    init.HwInitialize = VrInitialize;
    init.HwStartIo = VrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}

ULONG
VrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVR_EXT ext = (PVR_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Luns = 4;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
