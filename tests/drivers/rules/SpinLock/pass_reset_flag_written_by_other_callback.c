// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * A leaking branch guarded by a field no routine on the path writes. HwStorStartIo
 * takes `QueueLock` and, `if (adapter->ResetInProgress)`, returns FALSE without
 * releasing (a real bug if it could run). The only writer of ResetInProgress is
 * HwStorResetBus -- another entry point. The harness runs DriverEntry, FindAdapter and
 * HwStorInitialize, then exactly one more callback: on the StartIo path ResetBus never
 * ran, the device extension was zero-filled, so the flag reads 0 and the branch is dead.
 * On the ResetBus path, ResetBus itself balances the lock. The monitored calls are
 * reachable, so the verdict is `pass`.
 */

#include <storport.h>

typedef struct _RF_ADAPTER {
    KSPIN_LOCK QueueLock;
    BOOLEAN ResetInProgress;
    ULONG Queued;
} RF_ADAPTER, *PRF_ADAPTER;

ULONG
RfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRF_ADAPTER adapter = (PRF_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RfInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRF_ADAPTER adapter = (PRF_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->QueueLock, &oldIrql);
    if (adapter->ResetInProgress) {
        Srb->SrbStatus = SRB_STATUS_BUS_RESET;
        return FALSE;                                       // ok: SpinLock -- flag reads 0 on this path
    }
    adapter->Queued++;
    KeReleaseSpinLock(&adapter->QueueLock, oldIrql);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
RfResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PRF_ADAPTER adapter = (PRF_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->QueueLock, &oldIrql);
    adapter->ResetInProgress = TRUE;
    adapter->Queued = 0;
    KeReleaseSpinLock(&adapter->QueueLock, oldIrql);
    StorPortCompleteRequest(adapter, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    adapter->ResetInProgress = FALSE;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RF_ADAPTER);
    init.HwFindAdapter = RfFindAdapter;
    init.HwInitialize = RfInitialize;
    init.HwStartIo = RfStartIo;
    init.HwResetBus = RfResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
