// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=pass
// expect-kind: physical
/*
 * "Lock every queue, then unlock every queue" with an array of handles. The HW_TIMER
 * routine (full duplex) takes all four submission-queue locks in index order, one
 * KLOCK_QUEUE_HANDLE per queue in a local array, snapshots the queue depths for the
 * health check, and releases them in reverse order. Each release goes through the
 * array element the matching acquire used: `&handles[i - 1]` holds `Queues[i - 1].Lock`.
 * Nothing is released through an unused handle.
 *
 * With four iterations the loop head has more rule states than the analysis keeps
 * apart; the merged state's handles are an approximation, so what it says of the
 * releases is not reported (the verdict's note says so): no false defect.
 */

#include <storport.h>

#define LA_QUEUES 4

typedef struct _LA_QUEUE {
    KSPIN_LOCK Lock;
    ULONG Depth;
} LA_QUEUE;

typedef struct _LA_ADAPTER {
    LA_QUEUE Queues[LA_QUEUES];
    ULONG Snapshot[LA_QUEUES];
    ULONG Checks;
} LA_ADAPTER, *PLA_ADAPTER;

VOID
LaHealthTimer(PVOID DeviceExtension)
{
    PLA_ADAPTER adapter = (PLA_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handles[LA_QUEUES];
    ULONG i;

    for (i = 0; i < LA_QUEUES; i++) {
        KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->Queues[i].Lock, &handles[i]);
    }
    for (i = 0; i < LA_QUEUES; i++) {
        adapter->Snapshot[i] = adapter->Queues[i].Depth;
    }
    adapter->Checks++;
    for (i = LA_QUEUES; i > 0; i--) {
        KeReleaseInStackQueuedSpinLockFromDpcLevel(&handles[i - 1]);   // ok: QueuedSpinLockRelease -- handles[i - 1] holds Queues[i - 1].Lock
    }
    StorPortNotification(RequestTimerCall, adapter, LaHealthTimer, 1000000);
}

ULONG
LaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLA_ADAPTER adapter = (PLA_ADAPTER)DeviceExtension;
    ULONG i;

    for (i = 0; i < LA_QUEUES; i++) {
        KeInitializeSpinLock(&adapter->Queues[i].Lock);
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LaInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, LaHealthTimer, 1000000);
    return TRUE;
}

BOOLEAN
LaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
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
    init.DeviceExtensionSize = sizeof(LA_ADAPTER);
    init.HwFindAdapter = LaFindAdapter;
    init.HwInitialize = LaInitialize;
    init.HwStartIo = LaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
