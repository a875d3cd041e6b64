// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * The rule's own example, in a virtual miniport's HwProcessServiceRequest. The routine
 * takes the cancel spin lock to decide whether the service IRP can be pended; when the
 * IRP is already cancelled it completes it and `return`s -- still holding the cancel
 * spin lock (reported at that `return`). The pending path installs the cancel routine
 * and releases before returning. StorPortCompleteServiceIrp is called with the cancel
 * spin lock held on the early path, which is a separate problem this rule does not
 * check.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _SR_ADAPTER {
    LIST_ENTRY ServiceIrps;
    ULONG Pended;
} SR_ADAPTER, *PSR_ADAPTER;

VOID
SrCancelServiceIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

VOID
SrProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PSR_ADAPTER adapter = (PSR_ADAPTER)DeviceExtension;
    PIRP irp = (PIRP)Irp;
    KIRQL oldIrql;

    IoAcquireCancelSpinLock(&oldIrql);
    if (irp->Cancel) {
        irp->IoStatus.Status = STATUS_CANCELLED;
        StorPortCompleteServiceIrp(adapter, irp);
        return;                                                         // expect: CancelSpinLock
    }
    IoSetCancelRoutine(irp, SrCancelServiceIrp);
    InsertTailList(&adapter->ServiceIrps, &irp->Tail.Overlay.ListEntry);
    adapter->Pended++;
    IoReleaseCancelSpinLock(oldIrql);
}                                                                       // ok: CancelSpinLock

ULONG
SrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PSR_ADAPTER adapter = (PSR_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->ServiceIrps);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(SR_ADAPTER);
    init.HwFindAdapter = SrFindAdapter;
    init.HwInitialize = SrInitialize;
    init.HwStartIo = SrStartIo;
    init.HwProcessServiceRequest = SrProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
