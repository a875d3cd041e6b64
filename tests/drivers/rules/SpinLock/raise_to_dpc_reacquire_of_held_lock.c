// check-rules: SpinLock, SpinLockDpc
// expect-status: SpinLock=defect, SpinLockDpc=pass
// expect-kind: physical
/*
 * The two acquire routines on one lock. HwStorResetBus takes `ResetLock` with
 * KeAcquireSpinLock and calls RrAbortOutstanding, which (written for the DPC, where it
 * runs unlocked) takes the same lock with KeAcquireSpinLockRaiseToDpc. SpinLock checks
 * KeAcquireSpinLockRaiseToDpc too against the locks *it* holds, so that acquire is a
 * SpinLock violation. SpinLockDpc tracks only locks taken by KeAcquireSpinLockRaiseToDpc:
 * ResetLock was not, so for SpinLockDpc nothing is re-acquired (pass); the DPC's own
 * RaiseToDpc use of the helper is balanced.
 */

#include <storport.h>

typedef struct _RR_ADAPTER {
    KSPIN_LOCK ResetLock;
    STOR_DPC AbortDpc;
    ULONG Outstanding;
    ULONG Resets;
} RR_ADAPTER, *PRR_ADAPTER;

VOID RrAbortDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

static VOID
RrAbortOutstanding(PRR_ADAPTER Adapter)
{
    KIRQL irql;

    irql = KeAcquireSpinLockRaiseToDpc(&Adapter->ResetLock);   // expect: SpinLock // ok: SpinLockDpc
    Adapter->Outstanding = 0;
    KeReleaseSpinLock(&Adapter->ResetLock, irql);
}

ULONG
RrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRR_ADAPTER adapter = (PRR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->ResetLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RrInitialize(PVOID DeviceExtension)
{
    PRR_ADAPTER adapter = (PRR_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->AbortDpc, RrAbortDpc);
    return TRUE;
}

BOOLEAN
RrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRR_ADAPTER adapter = (PRR_ADAPTER)DeviceExtension;

    adapter->Outstanding++;
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

VOID
RrAbortDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    RrAbortOutstanding((PRR_ADAPTER)DeviceExtension);      /* unlocked caller: fine */
}

BOOLEAN
RrResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PRR_ADAPTER adapter = (PRR_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->ResetLock, &oldIrql);
    adapter->Resets++;
    RrAbortOutstanding(adapter);
    KeReleaseSpinLock(&adapter->ResetLock, oldIrql);
    StorPortCompleteRequest(adapter, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RR_ADAPTER);
    init.HwFindAdapter = RrFindAdapter;
    init.HwInitialize = RrInitialize;
    init.HwStartIo = RrStartIo;
    init.HwResetBus = RrResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
