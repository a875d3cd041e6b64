// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=pass
// expect-kind: virtual
/*
 * A cancel routine called directly by the driver, the way the I/O manager calls it:
 * with the cancel spin lock held. HwProcessServiceRequest takes the cancel spin lock
 * into Irp->CancelIrql and installs PrCancelPending; if the IRP was cancelled before the
 * routine was installed (Irp->Cancel set, and the routine still in place), the driver
 * must cancel it itself, so it calls PrCancelPending with the lock held, and
 * PrCancelPending releases it with IoReleaseCancelSpinLock(Irp->CancelIrql), as every
 * cancel routine must. The acquire and the release are in different functions but on
 * one path in one callback: no release while not held, nothing held at the exit.
 * (PrCancelPending handed to IoSetCancelRoutine is not an entry point of its own.)
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_PR_WAIT_EVENT CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x860, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _PR_ADAPTER {
    PIRP PendingIrp;
} PR_ADAPTER, *PPR_ADAPTER;

static PPR_ADAPTER PrAdapter;

VOID
PrCancelPending(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (PrAdapter != NULL && PrAdapter->PendingIrp == Irp) {
        PrAdapter->PendingIrp = NULL;
    }
    IoReleaseCancelSpinLock(Irp->CancelIrql);                           // ok: CancelSpinLock
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

VOID
PrProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PPR_ADAPTER adapter = (PPR_ADAPTER)DeviceExtension;
    PIRP irp = (PIRP)Irp;

    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);

    IoAcquireCancelSpinLock(&irp->CancelIrql);
    if (adapter->PendingIrp != NULL ||
        stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_PR_WAIT_EVENT) {
        IoReleaseCancelSpinLock(irp->CancelIrql);
        irp->IoStatus.Status = STATUS_DEVICE_BUSY;
        StorPortCompleteServiceIrp(adapter, irp);
        return;                                                         // ok: CancelSpinLock
    }
    IoSetCancelRoutine(irp, PrCancelPending);
    if (irp->Cancel && IoSetCancelRoutine(irp, NULL) != NULL) {
        PrCancelPending(NULL, irp);                 /* releases the cancel spin lock */
        return;                                                         // ok: CancelSpinLock
    }
    adapter->PendingIrp = irp;
    IoReleaseCancelSpinLock(irp->CancelIrql);
}                                                                       // ok: CancelSpinLock

ULONG
PrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    ConfigInfo->VirtualDevice = TRUE;
    PrAdapter = (PPR_ADAPTER)DeviceExtension;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
PrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(PR_ADAPTER);
    init.HwFindAdapter = PrFindAdapter;
    init.HwInitialize = PrInitialize;
    init.HwStartIo = PrStartIo;
    init.HwProcessServiceRequest = PrProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
