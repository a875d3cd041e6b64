// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * The obligation follows the IRP through helpers. VhBuildIoctlIrp allocates the IRP and
 * returns it; VhForward receives it and either frees it (request too large) or sends it
 * with IoCallDriver and no completion routine. The entry point that allocated it (through
 * the helper) is HwProcessServiceRequest, a VOID routine that falls off its end: the
 * report is on its closing brace. Its early returns are fine (no IRP, or freed).
 */

#include <ntddk.h>
#include <storport.h>

#define VH_MAX_IOCTL_BYTES  4096

typedef struct _VH_ADAPTER {
    PDEVICE_OBJECT Lower;
    ULONG Forwarded;
} VH_ADAPTER, *PVH_ADAPTER;

static PIRP
VhBuildIoctlIrp(PVH_ADAPTER Adapter, ULONG Code, PVOID Buffer, ULONG Length)
{
    PIRP irp = IoAllocateIrp(Adapter->Lower->StackSize, FALSE);
    PIO_STACK_LOCATION next;

    if (irp == NULL) {
        return NULL;
    }
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    next->Parameters.DeviceIoControl.IoControlCode = Code;
    next->Parameters.DeviceIoControl.InputBufferLength = Length;
    irp->AssociatedIrp.SystemBuffer = Buffer;
    return irp;
}

static BOOLEAN
VhForward(PVH_ADAPTER Adapter, PIRP Irp)
{
    if (IoGetNextIrpStackLocation(Irp)->Parameters.DeviceIoControl.InputBufferLength >
        VH_MAX_IOCTL_BYTES) {
        IoFreeIrp(Irp);
        return FALSE;
    }
    IoCallDriver(Adapter->Lower, Irp);
    Adapter->Forwarded++;
    return TRUE;
}

VOID
VhProcessServiceRequest(PVOID DeviceExtension, PVOID Context)
{
    PVH_ADAPTER adapter = DeviceExtension;
    PIRP request = Context;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(request);
    PIRP lower;

    lower = VhBuildIoctlIrp(adapter, stack->Parameters.DeviceIoControl.IoControlCode,
                            request->AssociatedIrp.SystemBuffer,
                            stack->Parameters.DeviceIoControl.InputBufferLength);
    if (lower == NULL) {
        request->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        StorPortCompleteServiceIrp(adapter, request);
        return;                                     // ok: IoFreeIrp
    }
    if (!VhForward(adapter, lower)) {
        request->IoStatus.Status = STATUS_INVALID_PARAMETER;
        StorPortCompleteServiceIrp(adapter, request);
        return;                                     // ok: IoFreeIrp -- freed by VhForward
    }
    request->IoStatus.Status = STATUS_SUCCESS;
    StorPortCompleteServiceIrp(adapter, request);
}                                                   // expect: IoFreeIrp

ULONG
VhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVH_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VhInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VH_ADAPTER);
    init.HwFindAdapter = VhFindAdapter;
    init.HwInitialize = VhInitialize;
    init.HwStartIo = VhStartIo;
    init.HwProcessServiceRequest = VhProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
