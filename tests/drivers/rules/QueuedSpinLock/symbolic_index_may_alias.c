// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * Locks picked by run-time indices. HwStorStartIo migrates a request from the source
 * queue to a destination queue, each queue with its own KSPIN_LOCK in an array; both
 * indices come from the SRB (unknown to the harness). The driver holds the source queue's
 * lock and takes the destination queue's lock -- different locks, unless the two indices
 * are equal, which nothing on the path rules out: then it is the same KSPIN_LOCK object
 * and the second acquire deadlocks. A condition the path does not decide is checked on
 * every feasible value. (The pass counterpart checks src != dst first.)
 *
 * Known miss: the tool compares lock keys by identity only (docs/rule-language.md:
 * "never because two unknowns might be equal"), so `&Queues[dst].Lock` is not found in
 * the held set unless dst is provably src. The spec's verdict is `defect`; the header
 * records the tool's current `pass` so the known miss is counted (todo-expect) rather
 * than failing, and must be switched to `defect` when the miss is fixed.
 */

#include <storport.h>

#define SI_QUEUES 4

typedef struct _SI_QUEUE {
    KSPIN_LOCK Lock;
    ULONG Depth;
} SI_QUEUE;

typedef struct _SI_ADAPTER {
    SI_QUEUE Queues[SI_QUEUES];
    ULONG Migrations;
} SI_ADAPTER, *PSI_ADAPTER;

ULONG
SiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSI_ADAPTER adapter = (PSI_ADAPTER)DeviceExtension;
    ULONG i;

    for (i = 0; i < SI_QUEUES; i++) {
        KeInitializeSpinLock(&adapter->Queues[i].Lock);
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SiInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SiStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSI_ADAPTER adapter = (PSI_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE srcHandle;
    KLOCK_QUEUE_HANDLE dstHandle;
    ULONG src = Srb->PathId % SI_QUEUES;
    ULONG dst = Srb->TargetId % SI_QUEUES;

    KeAcquireInStackQueuedSpinLock(&adapter->Queues[src].Lock, &srcHandle);
    KeAcquireInStackQueuedSpinLock(&adapter->Queues[dst].Lock, &dstHandle);  // todo-expect: QueuedSpinLock -- src == dst is feasible
    adapter->Queues[src].Depth--;
    adapter->Queues[dst].Depth++;
    adapter->Migrations++;
    KeReleaseInStackQueuedSpinLock(&dstHandle);
    KeReleaseInStackQueuedSpinLock(&srcHandle);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SI_ADAPTER);
    init.HwFindAdapter = SiFindAdapter;
    init.HwInitialize = SiInitialize;
    init.HwStartIo = SiStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
