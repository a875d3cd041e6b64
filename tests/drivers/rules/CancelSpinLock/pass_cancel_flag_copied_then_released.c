// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=pass
// expect-kind: virtual
/*
 * The fix of service_request_return_while_held.c: HwProcessServiceRequest reads
 * Irp->Cancel under the cancel spin lock into a local, installs the cancel routine only
 * for a live IRP, releases on every path, and only then completes a cancelled IRP. The
 * cancel routine SrCancelServiceIrp is entered *with* the cancel spin lock held and
 * releases it with IoReleaseCancelSpinLock(Irp->CancelIrql); the driver never calls it
 * and only hands it to IoSetCancelRoutine, which is not an entry point of the harness,
 * so that release is not a "release without acquire".
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _CF_ADAPTER {
    LIST_ENTRY ServiceIrps;
    ULONG Pended;
} CF_ADAPTER, *PCF_ADAPTER;

VOID
CfCancelServiceIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);                           // ok: CancelSpinLock
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

VOID
CfProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PCF_ADAPTER adapter = (PCF_ADAPTER)DeviceExtension;
    PIRP irp = (PIRP)Irp;
    KIRQL oldIrql;
    BOOLEAN cancelled;

    IoAcquireCancelSpinLock(&oldIrql);
    cancelled = irp->Cancel;
    if (!cancelled) {
        IoSetCancelRoutine(irp, CfCancelServiceIrp);
        InsertTailList(&adapter->ServiceIrps, &irp->Tail.Overlay.ListEntry);
        adapter->Pended++;
    }
    IoReleaseCancelSpinLock(oldIrql);                                   // ok: CancelSpinLock
    if (cancelled) {
        irp->IoStatus.Status = STATUS_CANCELLED;
        StorPortCompleteServiceIrp(adapter, irp);
        return;                                                         // ok: CancelSpinLock
    }
}

ULONG
CfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PCF_ADAPTER adapter = (PCF_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->ServiceIrps);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CfInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
CfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(CF_ADAPTER);
    init.HwFindAdapter = CfFindAdapter;
    init.HwInitialize = CfInitialize;
    init.HwStartIo = CfStartIo;
    init.HwProcessServiceRequest = CfProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
