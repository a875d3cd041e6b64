// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=defect
// expect-kind: virtual
/*
 * KeAcquireSpinLockRaiseToDpc counts as holding a spin lock (the spec adds it to SDV's
 * list: it holds one as much as KeAcquireSpinLock does). The virtual miniport's
 * IRP_MJ_SHUTDOWN hook queues an I/O work item (IoAllocateWorkItem + IoQueueWorkItem;
 * the routine is an entry point of its own, at PASSIVE_LEVEL). The work item takes
 * `ShutdownLock` with KeAcquireSpinLockRaiseToDpc, detaches the parked shutdown IRP,
 * and completes it before the release: the violation. The "nothing parked" branch
 * releases and returns. (The work item is queued only by the shutdown hook, which is
 * not on the work item's own harness path, so its context is a fresh unknown value and
 * the parked IRP may be non-NULL.)
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _RW_ADAPTER {
    KSPIN_LOCK ShutdownLock;
    PIRP ParkedShutdown;
    PIO_WORKITEM ShutdownWork;
    PDEVICE_OBJECT DeviceObject;
} RW_ADAPTER, *PRW_ADAPTER;

static PRW_ADAPTER RwAdapter;

VOID
RwShutdownWork(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PRW_ADAPTER adapter = (PRW_ADAPTER)Context;
    KIRQL oldIrql;
    PIRP irp;

    UNREFERENCED_PARAMETER(DeviceObject);
    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->ShutdownLock);
    irp = adapter->ParkedShutdown;
    adapter->ParkedShutdown = NULL;
    if (irp == NULL) {
        KeReleaseSpinLock(&adapter->ShutdownLock, oldIrql);
        return;
    }
    irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(irp, IO_NO_INCREMENT);                // expect: SpinLockSafe
    KeReleaseSpinLock(&adapter->ShutdownLock, oldIrql);
}

NTSTATUS
RwShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL oldIrql;

    if (RwAdapter == NULL || RwAdapter->ShutdownWork == NULL) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // ok: SpinLockSafe
        return STATUS_SUCCESS;
    }
    oldIrql = KeAcquireSpinLockRaiseToDpc(&RwAdapter->ShutdownLock);
    RwAdapter->ParkedShutdown = Irp;
    KeReleaseSpinLock(&RwAdapter->ShutdownLock, oldIrql);
    IoMarkIrpPending(Irp);
    IoQueueWorkItem(RwAdapter->ShutdownWork, RwShutdownWork, DelayedWorkQueue, RwAdapter);
    return STATUS_PENDING;
}

ULONG
RwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRW_ADAPTER adapter = (PRW_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->ShutdownLock);
    adapter->DeviceObject = (PDEVICE_OBJECT)LowerDevice;
    adapter->ShutdownWork = IoAllocateWorkItem(adapter->DeviceObject);
    ConfigInfo->VirtualDevice = TRUE;
    RwAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(RW_ADAPTER);
    init.HwFindAdapter = RwFindAdapter;
    init.HwInitialize = RwInitialize;
    init.HwStartIo = RwStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = RwShutdown;
    }
    return status;
}
