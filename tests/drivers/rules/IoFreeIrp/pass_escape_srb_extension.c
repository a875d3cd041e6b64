// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=pass
// expect-kind: virtual
/*
 * An IRP parked in the SRB extension escapes: the SRB extension is memory Storport
 * allocated for the request, which outlives HwStorStartIo (it is a heap object, not a
 * local), so the obligation moves with the IRP. The IRP is sent later by the DPC, which
 * takes it back out of the SRB extension; that DPC did not allocate it, so its exit is
 * not checked either. The allocation-failure exit carries no obligation.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VX_SRB_EXTENSION {
    PIRP LowerIrp;
    ULONG Retries;
} VX_SRB_EXTENSION, *PVX_SRB_EXTENSION;

typedef struct _VX_ADAPTER {
    PDEVICE_OBJECT Lower;
    PSCSI_REQUEST_BLOCK Staged;
    UCHAR SendDpc[64];          /* STOR_DPC */
} VX_ADAPTER, *PVX_ADAPTER;

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVX_ADAPTER adapter = DeviceExtension;
    PVX_SRB_EXTENSION srbExt = Srb->SrbExtension;

    srbExt->Retries = 0;
    srbExt->LowerIrp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (srbExt->LowerIrp == NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                                // ok: IoFreeIrp
    }
    IoGetNextIrpStackLocation(srbExt->LowerIrp)->MajorFunction = IRP_MJ_SCSI;
    IoGetNextIrpStackLocation(srbExt->LowerIrp)->Parameters.Scsi.Srb = Srb;
    adapter->Staged = Srb;
    StorPortIssueDpc(adapter, adapter->SendDpc, Srb, NULL);
    return TRUE;                                    // ok: IoFreeIrp -- kept in the SRB extension
}

VOID
VxSendDpc(PVOID Dpc, PVOID DeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PVX_ADAPTER adapter = DeviceExtension;
    PSCSI_REQUEST_BLOCK srb = SystemArgument1;
    PVX_SRB_EXTENSION srbExt;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument2);
    if (srb == NULL) {
        return;
    }
    srbExt = srb->SrbExtension;
    IoCallDriver(adapter->Lower, srbExt->LowerIrp);
}                                                   // ok: IoFreeIrp -- not allocated here

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVX_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->SrbExtensionSize = sizeof(VX_SRB_EXTENSION);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VxInitialize(PVOID DeviceExtension)
{
    PVX_ADAPTER adapter = DeviceExtension;

    StorPortInitializeDpc(adapter, adapter->SendDpc, VxSendDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VX_ADAPTER);
    init.SrbExtensionSize = sizeof(VX_SRB_EXTENSION);
    init.HwFindAdapter = VxFindAdapter;
    init.HwInitialize = VxInitialize;
    init.HwStartIo = VxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
