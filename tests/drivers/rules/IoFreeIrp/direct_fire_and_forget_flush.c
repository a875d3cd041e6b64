// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * Direct violation in one entry point: HwStorStartIo of a virtual miniport translates
 * SYNCHRONIZE CACHE into a flush IRP for the lower device and sends it with IoCallDriver
 * without a completion routine ("fire and forget"). Passing the IRP to IoCallDriver does
 * not discharge the obligation; the report is on the return through which StartIo exits
 * with the IRP neither freed nor given a completion routine. The exit taken when the
 * allocation fails carries no obligation.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VF_ADAPTER {
    PDEVICE_OBJECT Lower;
    ULONG Flushes;
} VF_ADAPTER, *PVF_ADAPTER;

BOOLEAN
VfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVF_ADAPTER adapter = DeviceExtension;
    PIRP irp;
    PIO_STACK_LOCATION next;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI || Srb->Cdb[0] != SCSIOP_SYNCHRONIZE_CACHE) {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;
    }

    irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                    // ok: IoFreeIrp -- no IRP, no obligation
    }
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_FLUSH_BUFFERS;
    IoCallDriver(adapter->Lower, irp);
    adapter->Flushes++;

    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;                        // expect: IoFreeIrp
}

ULONG
VfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVF_ADAPTER adapter = DeviceExtension;

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

BOOLEAN VfInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VF_ADAPTER);
    init.HwFindAdapter = VfFindAdapter;
    init.HwInitialize = VfInitialize;
    init.HwStartIo = VfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
