// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * Mixing the two acquire variants on one lock. The HW_TIMER routine (registered with
 * StorPortNotification(RequestTimerCall) from HwStorInitialize; full duplex, so it runs
 * at DISPATCH_LEVEL) takes the timeout-list lock with
 * KeAcquireInStackQueuedSpinLockAtDpcLevel, then, for an expired command, calls
 * ToAbortCommand (the controller flags it in a status register: the harness runs the
 * timer right after initialization, so a software count StartIo keeps would still be 0
 * here), whose plain KeAcquireInStackQueuedSpinLock takes the same lock again
 * through another handle: a re-acquire, whichever variant each side used. The watchdog
 * lock ToAbortCommand takes first is a different lock and is fine, as is the
 * FromDpcLevel release on the quiet path.
 */

#include <storport.h>

typedef struct _TO_ADAPTER {
    KSPIN_LOCK TimeoutLock;
    KSPIN_LOCK WatchdogLock;
    ULONG Outstanding;
    ULONG Deadline;
    ULONG Ticks;
    ULONG Aborts;
    PULONG CommandStatus;
} TO_ADAPTER, *PTO_ADAPTER;

static VOID
ToAbortCommand(PTO_ADAPTER Adapter)
{
    KLOCK_QUEUE_HANDLE watchdog;
    KLOCK_QUEUE_HANDLE list;

    KeAcquireInStackQueuedSpinLock(&Adapter->WatchdogLock, &watchdog);   // ok: QueuedSpinLock
    Adapter->Aborts++;
    KeReleaseInStackQueuedSpinLock(&watchdog);

    KeAcquireInStackQueuedSpinLock(&Adapter->TimeoutLock, &list);        // expect: QueuedSpinLock
    Adapter->Outstanding--;
    KeReleaseInStackQueuedSpinLock(&list);
}

VOID
ToTimer(PVOID DeviceExtension)
{
    PTO_ADAPTER adapter = (PTO_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->TimeoutLock, &handle);
    adapter->Ticks++;
    if (StorPortReadRegisterUlong(adapter, adapter->CommandStatus) & 0x4) {   /* expired */
        ToAbortCommand(adapter);
    }
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);
    StorPortNotification(RequestTimerCall, adapter, ToTimer, 500000);
}

ULONG
ToFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PTO_ADAPTER adapter = (PTO_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TimeoutLock);
    KeInitializeSpinLock(&adapter->WatchdogLock);
    adapter->Deadline = 60;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ToInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, ToTimer, 500000);
    return TRUE;
}

BOOLEAN
ToStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTO_ADAPTER adapter = (PTO_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->TimeoutLock, &handle);  // ok: QueuedSpinLock
    adapter->Outstanding++;
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);
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
    init.DeviceExtensionSize = sizeof(TO_ADAPTER);
    init.HwFindAdapter = ToFindAdapter;
    init.HwInitialize = ToInitialize;
    init.HwStartIo = ToStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
