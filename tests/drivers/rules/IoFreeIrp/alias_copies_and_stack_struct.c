// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * Aliasing. In HwStorBuildIo the IRP lives in a field of a stack structure and in a
 * local copy: freeing it through the copy discharges the obligation, but storing it in
 * a stack structure is not an escape (the structure dies with the routine), so the path
 * that sends it with IoCallDriver and returns leaks it. HwStorStartIo stores its IRP in
 * the device extension through a pointer to the field: an escape, not checked at exit.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VL_FORWARD {
    PIRP Irp;
    PSCSI_REQUEST_BLOCK Srb;
} VL_FORWARD, *PVL_FORWARD;

typedef struct _VL_ADAPTER {
    PDEVICE_OBJECT Lower;
    PIRP Inflight;
} VL_ADAPTER, *PVL_ADAPTER;

static VOID
VlPrepare(PVL_FORWARD Fwd)
{
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Fwd->Irp);

    next->MajorFunction = IRP_MJ_SCSI;
    next->Parameters.Scsi.Srb = Fwd->Srb;
}

BOOLEAN
VlBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVL_ADAPTER adapter = DeviceExtension;
    VL_FORWARD fwd;
    PIRP spare;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        return TRUE;                                // ok: IoFreeIrp
    }
    fwd.Srb = Srb;
    fwd.Irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (fwd.Irp == NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return FALSE;                               // ok: IoFreeIrp
    }
    spare = fwd.Irp;
    if (Srb->DataTransferLength == 0) {
        IoFreeIrp(spare);
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, adapter, Srb);
        return FALSE;                               // ok: IoFreeIrp -- freed through the copy
    }
    VlPrepare(&fwd);
    IoCallDriver(adapter->Lower, fwd.Irp);
    return TRUE;                                    // expect: IoFreeIrp
}

BOOLEAN
VlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVL_ADAPTER adapter = DeviceExtension;
    PIRP *slot = &adapter->Inflight;
    PIRP irp;

    if (Srb->Function == SRB_FUNCTION_SHUTDOWN && *slot == NULL) {
        irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
        if (irp != NULL) {
            IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_FLUSH_BUFFERS;
            *slot = irp;                            /* freed by the shutdown completion path */
            IoCallDriver(adapter->Lower, irp);
        }
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;                                    // ok: IoFreeIrp -- escaped to the device extension
}

ULONG
VlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVL_ADAPTER adapter = DeviceExtension;

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

BOOLEAN VlInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VL_ADAPTER);
    init.HwFindAdapter = VlFindAdapter;
    init.HwInitialize = VlInitialize;
    init.HwBuildIo = VlBuildIo;
    init.HwStartIo = VlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
