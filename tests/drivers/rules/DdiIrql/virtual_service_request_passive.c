// check-rules: DdiIrql, IrqlAnnotations
// expect-status: DdiIrql=defect, IrqlAnnotations=pass
// expect-kind: virtual
/*
 * A virtual miniport's reverse-callback channel. Storport calls HwProcessServiceRequest
 * at PASSIVE_LEVEL (from its IRP_MJ_DEVICE_CONTROL dispatch), so the service routine may
 * open the registry, allocate paged pool and wait with a timeout, and may call a helper
 * annotated _IRQL_requires_(PASSIVE_LEVEL): none of that is a defect. The same wait in
 * StartIo, which a virtual miniport may get at up to DISPATCH_LEVEL, is.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VS_EXT {
    KEVENT Reply;
    PVOID Pending;
} VS_EXT, *PVS_EXT;

_IRQL_requires_(PASSIVE_LEVEL)
static NTSTATUS
VsReadSetting(PUNICODE_STRING Path, PHANDLE Key)
{
    OBJECT_ATTRIBUTES attributes;

    InitializeObjectAttributes(&attributes, Path, OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwOpenKey(Key, KEY_READ, &attributes);                    // ok: DdiIrql
}

VOID
VsProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PVS_EXT ext = (PVS_EXT)DeviceExtension;
    UNICODE_STRING path;
    HANDLE key;
    LARGE_INTEGER timeout;

    RtlInitUnicodeString(&path, L"\\Registry\\Machine\\Software\\Vs");
    if (NT_SUCCESS(VsReadSetting(&path, &key))) {                    // ok: IrqlAnnotations
        ZwClose(key);                                                // ok: DdiIrql
    }
    ext->Pending = ExAllocatePool2(POOL_FLAG_PAGED, 64, 'sVsV');     // ok: DdiIrql
    timeout.QuadPart = -10000;
    KeWaitForSingleObject(&ext->Reply, Executive, KernelMode, FALSE, &timeout); // ok: DdiIrql
    StorPortCompleteServiceIrp(DeviceExtension, Irp);
}

ULONG
VsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVS_EXT ext = (PVS_EXT)DeviceExtension;

    *Again = FALSE;
    KeInitializeEvent(&ext->Reply, NotificationEvent, FALSE);
    ext->Pending = NULL;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVS_EXT ext = (PVS_EXT)DeviceExtension;
    LARGE_INTEGER timeout;

    timeout.QuadPart = -10000;
    KeWaitForSingleObject(&ext->Reply, Executive, KernelMode, FALSE, &timeout); // expect: DdiIrql
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
    init.DeviceExtensionSize = sizeof(VS_EXT);
    init.HwFindAdapter = VsFindAdapter;
    init.HwStartIo = VsStartIo;
    init.HwProcessServiceRequest = VsProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
