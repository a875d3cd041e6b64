// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=defect
// expect-kind: physical
/*
 * Mismatched pair: KeAcquireSpinLockAtDpcLevel, then KeReleaseSpinLock. The Storport
 * DPC runs at DISPATCH_LEVEL, so it takes `StatsLock` with
 * KeAcquireSpinLockAtDpcLevel -- but the error-counter branch was written with
 * KeReleaseSpinLock (which also sets the IRQL to the value it is given). The rule
 * knows only KeAcquireSpinLock and KeAcquireSpinLockRaiseToDpc as acquires, so on the
 * path the lock was never acquired by either: that KeReleaseSpinLock is a violation.
 * The correctly paired branch (KeReleaseSpinLockFromDpcLevel) is not monitored by this
 * rule, and the DPC's KeAcquireSpinLock / KeReleaseSpinLock pair on `DoneLock` is fine.
 */

#include <storport.h>

typedef struct _AD_ADAPTER {
    KSPIN_LOCK StatsLock;
    KSPIN_LOCK DoneLock;
    STOR_DPC Dpc;
    ULONG Errors;
    ULONG Completions;
} AD_ADAPTER, *PAD_ADAPTER;

VOID AdDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

ULONG
AdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAD_ADAPTER adapter = (PAD_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->StatsLock);
    KeInitializeSpinLock(&adapter->DoneLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
AdInitialize(PVOID DeviceExtension)
{
    PAD_ADAPTER adapter = (PAD_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->Dpc, AdDpc);
    return TRUE;
}

BOOLEAN
AdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PAD_ADAPTER adapter = (PAD_ADAPTER)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_PENDING;
    StorPortIssueDpc(adapter, &adapter->Dpc, Srb, NULL);
    return TRUE;
}

VOID
AdDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PAD_ADAPTER adapter = (PAD_ADAPTER)DeviceExtension;
    PSCSI_REQUEST_BLOCK srb = (PSCSI_REQUEST_BLOCK)Arg1;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg2);
    if (srb == NULL) {
        return;
    }
    KeAcquireSpinLockAtDpcLevel(&adapter->StatsLock);
    if (srb->ScsiStatus != SCSISTAT_GOOD) {
        adapter->Errors++;
        KeReleaseSpinLock(&adapter->StatsLock, DISPATCH_LEVEL);   // expect: SpinLockRelease
    } else {
        KeReleaseSpinLockFromDpcLevel(&adapter->StatsLock);
    }

    KeAcquireSpinLock(&adapter->DoneLock, &oldIrql);
    adapter->Completions++;
    KeReleaseSpinLock(&adapter->DoneLock, oldIrql);              // ok: SpinLockRelease
    srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, srb);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(AD_ADAPTER);
    init.HwFindAdapter = AdFindAdapter;
    init.HwInitialize = AdInitialize;
    init.HwStartIo = AdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
