// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=pass
// expect-kind: virtual
/*
 * IoAllocateIrp is reachable in the call graph but on no feasible path, so the verdict
 * is `pass`, not `not_applicable`. The pass-through helper leaks its IRP, but StartIo
 * only calls it in pass-through mode, and FindAdapter always selects local mode (the
 * pass-through backend is not enabled in this release).
 */

#include <ntddk.h>
#include <storport.h>

typedef enum _VI_MODE {
    ViModeLocal = 1,
    ViModePassThrough = 2
} VI_MODE;

typedef struct _VI_ADAPTER {
    PDEVICE_OBJECT Lower;
    VI_MODE Mode;
    PUCHAR RamDisk;
} VI_ADAPTER, *PVI_ADAPTER;

static BOOLEAN
ViPassThrough(PVI_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    PIRP irp = IoAllocateIrp(Adapter->Lower->StackSize, FALSE);

    if (irp == NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, Adapter, Srb);
        return TRUE;
    }
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_SCSI;
    IoGetNextIrpStackLocation(irp)->Parameters.Scsi.Srb = Srb;
    IoCallDriver(Adapter->Lower, irp);
    return TRUE;
}

BOOLEAN
ViStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVI_ADAPTER adapter = DeviceExtension;

    if (adapter->Mode == ViModePassThrough) {
        return ViPassThrough(adapter, Srb);         // ok: IoFreeIrp -- never in pass-through mode
    }
    Srb->SrbStatus = adapter->RamDisk != NULL ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;                                    // ok: IoFreeIrp
}

ULONG
ViFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVI_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    adapter->Lower = LowerDevice;
    adapter->Mode = ViModeLocal;        /* pass-through is not enabled in this release */
    adapter->RamDisk = ExAllocatePoolWithTag(NonPagedPoolNx, 16 * PAGE_SIZE, 'kDmR');
    if (adapter->RamDisk == NULL) {
        return SP_RETURN_ERROR;
    }
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN ViInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VI_ADAPTER);
    init.HwFindAdapter = ViFindAdapter;
    init.HwInitialize = ViInitialize;
    init.HwStartIo = ViStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
