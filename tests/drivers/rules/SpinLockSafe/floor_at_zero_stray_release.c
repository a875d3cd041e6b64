// check-rules: SpinLockSafe, SpinLockRelease
// expect-status: SpinLockSafe=defect, SpinLockRelease=defect
// expect-kind: virtual
/*
 * The count never goes below zero. A virtual miniport forwards reads to its backing
 * device; the completion routine (found through IoSetCompletionRoutine) first calls
 * FzUnlockBackend, a helper written for the old synchronous path, which releases
 * `BackendLock` -- a lock nothing holds on this path (a SpinLockRelease violation at
 * that release). It then takes `QueueLock` and completes the original IRP inside it.
 * SpinLockSafe: the stray release leaves the count at 0 (never -1), the acquire
 * makes it 1, so IoCompleteRequest is a violation. A count allowed to go negative
 * would read 0 there and miss it.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _FZ_ADAPTER {
    KSPIN_LOCK BackendLock;
    KSPIN_LOCK QueueLock;
    PDEVICE_OBJECT Backend;
    PIRP Original;
    ULONG Completed;
} FZ_ADAPTER, *PFZ_ADAPTER;

static PFZ_ADAPTER FzAdapter;
static PDRIVER_DISPATCH FzStorPortRead;

static VOID
FzUnlockBackend(PFZ_ADAPTER Adapter)
{
    KeReleaseSpinLock(&Adapter->BackendLock, DISPATCH_LEVEL);   // expect: SpinLockRelease
}

NTSTATUS
FzReadDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PFZ_ADAPTER adapter = (PFZ_ADAPTER)Context;
    PIRP original;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);
    FzUnlockBackend(adapter);
    KeAcquireSpinLock(&adapter->QueueLock, &oldIrql);
    original = adapter->Original;
    adapter->Original = NULL;
    adapter->Completed++;
    if (original != NULL) {
        original->IoStatus = Irp->IoStatus;
        IoCompleteRequest(original, IO_DISK_INCREMENT);     // expect: SpinLockSafe
    }
    KeReleaseSpinLock(&adapter->QueueLock, oldIrql);
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS
FzRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIRP backendIrp;

    if (FzAdapter == NULL || FzAdapter->Backend == NULL) {
        return FzStorPortRead(DeviceObject, Irp);
    }
    backendIrp = IoAllocateIrp(FzAdapter->Backend->StackSize, FALSE);
    if (backendIrp == NULL) {
        Irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // ok: SpinLockSafe
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    FzAdapter->Original = Irp;
    IoMarkIrpPending(Irp);
    IoSetCompletionRoutine(backendIrp, FzReadDone, FzAdapter, TRUE, TRUE, TRUE);
    IoCallDriver(FzAdapter->Backend, backendIrp);
    return STATUS_PENDING;
}

ULONG
FzFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PFZ_ADAPTER adapter = (PFZ_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->BackendLock);
    KeInitializeSpinLock(&adapter->QueueLock);
    adapter->Backend = (PDEVICE_OBJECT)LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    FzAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FzInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FzStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(FZ_ADAPTER);
    init.HwFindAdapter = FzFindAdapter;
    init.HwInitialize = FzInitialize;
    init.HwStartIo = FzStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        FzStorPortRead = DriverObject->MajorFunction[IRP_MJ_READ];
        DriverObject->MajorFunction[IRP_MJ_READ] = FzRead;
    }
    return status;
}
