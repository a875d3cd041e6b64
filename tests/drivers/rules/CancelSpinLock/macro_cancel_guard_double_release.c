// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * The driver wraps the cancel spin lock in its own macros: MC_CANCEL_LOCK(irql) /
 * MC_CANCEL_UNLOCK(irql), and MC_DEQUEUE_OR_BAIL, which unlocks and returns when the
 * queue is empty. HwCompleteServiceIrp locks and uses MC_DEQUEUE_OR_BAIL (fine: on the
 * empty-queue path it releases and returns); the loop then drops the lock around each
 * completion and re-takes it to dequeue the next IRP, so the lock is held at the loop
 * head and after a normal loop exit. A late addition lets the loop stop early when the
 * processor should yield -- a `break` between the unlock and the re-lock -- and the
 * MC_CANCEL_UNLOCK after the loop then releases a lock the path does not hold. Reported
 * on the line that invokes the macro. The queue is a pointer the passive initialization
 * routine allocated, so its contents are unknown on that path.
 */

#include <ntddk.h>
#include <storport.h>

#define MC_CANCEL_LOCK(irql)    IoAcquireCancelSpinLock(&(irql))
#define MC_CANCEL_UNLOCK(irql)  IoReleaseCancelSpinLock(irql)
#define MC_DEQUEUE_OR_BAIL(head, link, irql)        \
    do {                                            \
        if (IsListEmpty(head)) {                    \
            MC_CANCEL_UNLOCK(irql);                 \
            return;                                 \
        }                                           \
        (link) = RemoveHeadList(head);              \
    } while (0)

typedef struct _MC_ADAPTER {
    PLIST_ENTRY ServiceQueue;
    ULONG Completed;
} MC_ADAPTER, *PMC_ADAPTER;

BOOLEAN
McPassiveInitialize(PVOID DeviceExtension)
{
    PMC_ADAPTER adapter = (PMC_ADAPTER)DeviceExtension;

    adapter->ServiceQueue = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(LIST_ENTRY), 'QScM');
    return adapter->ServiceQueue != NULL;
}

VOID
McCompleteServiceIrp(PVOID DeviceExtension)
{
    PMC_ADAPTER adapter = (PMC_ADAPTER)DeviceExtension;
    PLIST_ENTRY link;
    KIRQL irql;

    if (adapter->ServiceQueue == NULL) {
        return;
    }
    MC_CANCEL_LOCK(irql);
    MC_DEQUEUE_OR_BAIL(adapter->ServiceQueue, link, irql);             // ok: CancelSpinLock
    do {
        PIRP irp = CONTAINING_RECORD(link, IRP, Tail.Overlay.ListEntry);

        IoSetCancelRoutine(irp, NULL);
        MC_CANCEL_UNLOCK(irql);                                         // ok: CancelSpinLock
        irp->IoStatus.Status = STATUS_CANCELLED;
        StorPortCompleteServiceIrp(adapter, irp);
        adapter->Completed++;
        if (KeShouldYieldProcessor()) {
            break;                                  /* lock not held */
        }
        MC_CANCEL_LOCK(irql);                                           // ok: CancelSpinLock
        link = IsListEmpty(adapter->ServiceQueue) ? NULL : RemoveHeadList(adapter->ServiceQueue);
    } while (link != NULL);
    MC_CANCEL_UNLOCK(irql);                                             // expect: CancelSpinLock
}

ULONG
McFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
McInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, McPassiveInitialize);
}

BOOLEAN
McStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(MC_ADAPTER);
    init.HwFindAdapter = McFindAdapter;
    init.HwInitialize = McInitialize;
    init.HwStartIo = McStartIo;
    init.HwCompleteServiceIrp = McCompleteServiceIrp;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
