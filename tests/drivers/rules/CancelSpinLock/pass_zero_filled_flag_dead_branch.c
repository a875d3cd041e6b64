// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=pass
// expect-kind: virtual
/*
 * Violations on branches no feasible path reaches. The virtual miniport's IOCTL
 * dispatch routine has a "debug re-check" branch that takes the cancel spin lock a
 * second time, and a "fast path" that returns with the lock held; both are guarded by
 * `DebugCancel`, a device-extension field no routine writes (it was meant to be set from
 * the registry). The harness's device extension is zero-filled, so the field reads 0 and
 * both branches are dead: the monitored calls are reachable in the call graph, so the
 * verdict is `pass`, not `not_applicable`.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _DB_ADAPTER {
    BOOLEAN DebugCancel;        /* never written */
    LIST_ENTRY Pending;
    ULONG PendingCount;
} DB_ADAPTER, *PDB_ADAPTER;

static PDB_ADAPTER DbAdapter;

NTSTATUS
DbDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL irql;
    KIRQL again;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (DbAdapter == NULL) {
        Irp->IoStatus.Status = STATUS_DEVICE_NOT_READY;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_DEVICE_NOT_READY;
    }
    IoAcquireCancelSpinLock(&irql);
    if (DbAdapter->DebugCancel) {
        IoAcquireCancelSpinLock(&again);                                // ok: CancelSpinLock
        IoReleaseCancelSpinLock(again);
    }
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(irql);
        Irp->IoStatus.Status = STATUS_CANCELLED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_CANCELLED;
    }
    IoMarkIrpPending(Irp);
    InsertTailList(&DbAdapter->Pending, &Irp->Tail.Overlay.ListEntry);
    DbAdapter->PendingCount++;
    if (DbAdapter->DebugCancel) {
        return STATUS_PENDING;                                          // ok: CancelSpinLock
    }
    IoReleaseCancelSpinLock(irql);
    return STATUS_PENDING;
}

ULONG
DbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PDB_ADAPTER adapter = (PDB_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->Pending);
    ConfigInfo->VirtualDevice = TRUE;
    DbAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DbInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
DbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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

    DbAdapter = NULL;
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(DB_ADAPTER);
    init.HwFindAdapter = DbFindAdapter;
    init.HwInitialize = DbInitialize;
    init.HwStartIo = DbStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DbDeviceControl;
    return status;
}
