// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * IoSetCompletionRoutineEx can fail (it allocates), and then no completion routine is
 * set: it meets the obligation only when it returns success. Both I/O paths ignore its
 * status and send the IRP anyway, so each exit after IoCallDriver is reported. The
 * fixed version is pass_completion_routine_ex_status_checked.c.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VR_ADAPTER {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
} VR_ADAPTER, *PVR_ADAPTER;

NTSTATUS
VrIoCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PSCSI_REQUEST_BLOCK srb = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    srb->SrbStatus = NT_SUCCESS(Irp->IoStatus.Status) ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static BOOLEAN
VrBusy(PVR_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_BUSY;
    StorPortNotification(RequestComplete, Adapter, Srb);
    return TRUE;
}

BOOLEAN
VrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVR_ADAPTER adapter = DeviceExtension;
    PIRP irp;
    NTSTATUS status;

    irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        return VrBusy(adapter, Srb);                // ok: IoFreeIrp
    }
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_SCSI;
    IoGetNextIrpStackLocation(irp)->Parameters.Scsi.Srb = Srb;
    IoSetCompletionRoutineEx(adapter->Self, irp, VrIoCompletion, Srb, TRUE, TRUE, TRUE);
    status = IoCallDriver(adapter->Lower, irp);
    return TRUE;                                    // expect: IoFreeIrp
}

BOOLEAN
VrBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVR_ADAPTER adapter = DeviceExtension;
    PIRP irp;
    NTSTATUS status;

    if (Srb->Function != SRB_FUNCTION_FLUSH) {
        return TRUE;                                // ok: IoFreeIrp
    }
    irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        return VrBusy(adapter, Srb);                // ok: IoFreeIrp
    }
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_FLUSH_BUFFERS;
    IoSetCompletionRoutineEx(adapter->Self, irp, VrIoCompletion, Srb, TRUE, TRUE, TRUE);
    status = IoCallDriver(adapter->Lower, irp);
    return FALSE;                                   // expect: IoFreeIrp
}

ULONG
VrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVR_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    StorPortGetDeviceObjects(adapter, (PVOID *)&adapter->Self, NULL, NULL);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VrInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VR_ADAPTER);
    init.HwFindAdapter = VrFindAdapter;
    init.HwInitialize = VrInitialize;
    init.HwStartIo = VrStartIo;
    init.HwBuildIo = VrBuildIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
