// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=pass
// expect-kind: virtual
/*
 * The handle analogue of "pointer set to NULL after free, second free guarded": a
 * driver macro closes the key only if it is set and then clears the variable. The
 * DriverUnload hook uses it on the write-failure path and again unconditionally at the
 * end; the second use finds NULL and does nothing. A failed open leaves NULL too.
 */

#include <ntddk.h>
#include <storport.h>

#define VC_STATE_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vcdisk\\State"
#define VC_CLOSE_KEY(h)           \
    do {                          \
        if ((h) != NULL) {        \
            ZwClose(h);           \
            (h) = NULL;           \
        }                         \
    } while (0)

typedef struct _VC_EXT {
    ULONG Luns;
} VC_EXT, *PVC_EXT;

static PDRIVER_UNLOAD g_StorportUnload;

VOID
VcUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    ULONG cleanShutdown = 1;
    NTSTATUS status;

    RtlInitUnicodeString(&name, VC_STATE_KEY);
    RtlInitUnicodeString(&valueName, L"CleanShutdown");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwOpenKey(&key, KEY_WRITE, &oa);
    if (NT_SUCCESS(status)) {
        status = ZwSetValueKey(key, &valueName, 0, REG_DWORD, &cleanShutdown,  // ok: ZwRegistryOpen
                               sizeof(cleanShutdown));
        if (!NT_SUCCESS(status)) {
            VC_CLOSE_KEY(key);  // ok: ZwRegistryOpen
        }
    }
    VC_CLOSE_KEY(key);  // ok: ZwRegistryOpen
    if (g_StorportUnload != NULL) {
        g_StorportUnload(DriverObject);
    }
}  // ok: ZwRegistryOpen

ULONG
VcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVC_EXT ext = (PVC_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Luns = 2;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VC_EXT);
    init.HwFindAdapter = VcFindAdapter;
    init.HwInitialize = VcInitialize;
    init.HwStartIo = VcStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath,
                                (PHW_INITIALIZATION_DATA)&init, NULL);
    if (NT_SUCCESS(status)) {
        g_StorportUnload = DriverObject->DriverUnload;
        DriverObject->DriverUnload = VcUnload;
    }
    return status;
}
