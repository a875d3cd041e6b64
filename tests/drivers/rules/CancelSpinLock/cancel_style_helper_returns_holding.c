// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * IoAcquireCancelSpinLock in a cancel-routine style helper. HwCompleteServiceIrp (called
 * when the adapter goes away) calls CsCancelAllPending, written like a cancel routine:
 * it takes the cancel spin lock, detaches the pending service IRPs and releases it --
 * except that when there is nothing pending it returns at once, leaving the lock held
 * (a helper may return holding a lock; this is not yet a violation). The callback then
 * returns holding the cancel spin lock: the violation is at the exit of the *entry
 * point* HwCompleteServiceIrp (its closing brace), not at the helper's `return`. On the
 * harness's path the queue FindAdapter initialised is empty, so the early return is
 * taken.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _CS_ADAPTER {
    LIST_ENTRY Pending;
    ULONG PendingCount;
} CS_ADAPTER, *PCS_ADAPTER;

static ULONG
CsCancelAllPending(PCS_ADAPTER Adapter, PLIST_ENTRY Detached)
{
    KIRQL irql;
    ULONG count = 0;

    IoAcquireCancelSpinLock(&irql);
    if (IsListEmpty(&Adapter->Pending)) {
        return 0;                                                       // ok: CancelSpinLock
    }
    while (!IsListEmpty(&Adapter->Pending)) {
        PLIST_ENTRY link = RemoveHeadList(&Adapter->Pending);
        PIRP irp = CONTAINING_RECORD(link, IRP, Tail.Overlay.ListEntry);

        IoSetCancelRoutine(irp, NULL);
        InsertTailList(Detached, link);
        count++;
    }
    Adapter->PendingCount = 0;
    IoReleaseCancelSpinLock(irql);
    return count;
}

VOID
CsCompleteServiceIrp(PVOID DeviceExtension)
{
    PCS_ADAPTER adapter = (PCS_ADAPTER)DeviceExtension;
    LIST_ENTRY detached;

    InitializeListHead(&detached);
    if (CsCancelAllPending(adapter, &detached) == 0) {
        return;                                                         // expect: CancelSpinLock
    }
    while (!IsListEmpty(&detached)) {
        PLIST_ENTRY link = RemoveHeadList(&detached);
        PIRP irp = CONTAINING_RECORD(link, IRP, Tail.Overlay.ListEntry);

        irp->IoStatus.Status = STATUS_CANCELLED;
        StorPortCompleteServiceIrp(adapter, irp);
    }
}

ULONG
CsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PCS_ADAPTER adapter = (PCS_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->Pending);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
CsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(CS_ADAPTER);
    init.HwFindAdapter = CsFindAdapter;
    init.HwInitialize = CsInitialize;
    init.HwStartIo = CsStartIo;
    init.HwCompleteServiceIrp = CsCompleteServiceIrp;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
