// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=pass
// expect-kind: physical
/*
 * Locking decided by a device-extension flag FindAdapter sets. On controllers with
 * more than one completion queue FindAdapter sets `adapter->MultiQueue = TRUE` (the
 * queue count comes from a register, so either is feasible). The HW_TIMER routine takes
 * `QueueLock` only in multi-queue mode and releases it under the same test; in between
 * it may `goto Rearm` -- to a label *before* the conditional release, so that path
 * releases too. Path-sensitive checking sees that "acquired" and "flag set" go
 * together: no exit with the lock held.
 */

#include <storport.h>

typedef struct _FM_ADAPTER {
    KSPIN_LOCK QueueLock;
    BOOLEAN MultiQueue;
    ULONG QueueCount;
    ULONG Rebalances;
    PULONG QueueCountReg;
    PULONG ImbalanceReg;
} FM_ADAPTER, *PFM_ADAPTER;

VOID FmTimer(PVOID DeviceExtension);

ULONG
FmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFM_ADAPTER adapter = (PFM_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    adapter->QueueCount = StorPortReadRegisterUlong(adapter, adapter->QueueCountReg);
    if (adapter->QueueCount > 1) {
        adapter->MultiQueue = TRUE;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FmInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, FmTimer, 1000000);
    return TRUE;
}

BOOLEAN
FmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

VOID
FmTimer(PVOID DeviceExtension)
{
    PFM_ADAPTER adapter = (PFM_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    if (adapter->MultiQueue) {
        oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->QueueLock);
    }
    if (StorPortReadRegisterUlong(adapter, adapter->ImbalanceReg) == 0) {
        goto Rearm;
    }
    adapter->Rebalances++;
Rearm:
    if (adapter->MultiQueue) {
        KeReleaseSpinLock(&adapter->QueueLock, oldIrql);
    }
    StorPortNotification(RequestTimerCall, adapter, FmTimer, 1000000);
}                                                           // ok: SpinLockDpc

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FM_ADAPTER);
    init.HwFindAdapter = FmFindAdapter;
    init.HwInitialize = FmInitialize;
    init.HwStartIo = FmStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
