// check-rules: SpinLockRelease, SpinLock
// expect-status: SpinLockRelease=defect, SpinLock=defect
// expect-kind: virtual
/*
 * A virtual miniport's IRP_MJ_FLUSH_BUFFERS hook forwards the IRP to the backing
 * device with a completion routine and "keeps the backend locked until the flush
 * completes": it takes `BackendLock`, sets the completion routine, calls IoCallDriver,
 * and returns. The completion routine (an entry point of its own, found through
 * IoSetCompletionRoutine) releases the lock.
 *   - SpinLock: the dispatch routine returns holding BackendLock (at its `return`).
 *   - SpinLockRelease: the completion routine runs on its own harness path, where the
 *     lock was never acquired: its KeReleaseSpinLock is a violation.
 * The "no backend" branch forwards to Storport before any lock and is fine.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VC_ADAPTER {
    KSPIN_LOCK BackendLock;
    KIRQL BackendIrql;
    PDEVICE_OBJECT Backend;
    ULONG Flushes;
} VC_ADAPTER, *PVC_ADAPTER;

static PVC_ADAPTER VcAdapter;
static PDRIVER_DISPATCH VcStorPortFlush;

NTSTATUS
VcFlushDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PVC_ADAPTER adapter = (PVC_ADAPTER)Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    adapter->Flushes++;
    KeReleaseSpinLock(&adapter->BackendLock, adapter->BackendIrql);   // expect: SpinLockRelease
    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
VcFlush(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (VcAdapter == NULL || VcAdapter->Backend == NULL) {
        return VcStorPortFlush(DeviceObject, Irp);          // ok: SpinLock
    }
    KeAcquireSpinLock(&VcAdapter->BackendLock, &VcAdapter->BackendIrql);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VcFlushDone, VcAdapter, TRUE, TRUE, TRUE);
    return IoCallDriver(VcAdapter->Backend, Irp);           // expect: SpinLock
}

ULONG
VcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVC_ADAPTER adapter = (PVC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->BackendLock);
    adapter->Backend = (PDEVICE_OBJECT)LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    VcAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VC_ADAPTER);
    init.HwFindAdapter = VcFindAdapter;
    init.HwInitialize = VcInitialize;
    init.HwStartIo = VcStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        VcStorPortFlush = DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS];
        DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = VcFlush;
    }
    return status;
}
