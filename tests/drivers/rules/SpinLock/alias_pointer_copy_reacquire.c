// check-rules: SpinLock
// expect-status: SpinLock=defect
// expect-kind: physical
/*
 * The same lock under two spellings. The Storport DPC keeps a local alias
 * `PKSPIN_LOCK doneLock = &ext->DoneListLock;` and takes the lock through it. While it
 * holds it, the "retry" branch calls PaRequeue, which takes `&Adapter->DoneListLock`
 * -- the same KSPIN_LOCK object reached from the DPC's device-extension argument. The
 * analysis must key the lock by its object, not by the expression, and report the
 * helper's acquire. The other branch releases first and is fine; the statistics lock
 * PaRequeue also takes is a different lock.
 */

#include <storport.h>

typedef struct _PA_ADAPTER {
    KSPIN_LOCK DoneListLock;
    KSPIN_LOCK StatsLock;
    STOR_DPC CompletionDpc;
    ULONG DoneCount;
    ULONG Retries;
    ULONG RetryLimit;
} PA_ADAPTER, *PPA_ADAPTER;

VOID PaCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

static VOID
PaRequeue(PPA_ADAPTER Adapter)
{
    KIRQL irql;
    KIRQL statsIrql;

    KeAcquireSpinLock(&Adapter->DoneListLock, &irql);       // expect: SpinLock
    KeAcquireSpinLock(&Adapter->StatsLock, &statsIrql);     // ok: SpinLock -- another lock
    Adapter->Retries++;
    KeReleaseSpinLock(&Adapter->StatsLock, statsIrql);
    Adapter->DoneCount--;
    KeReleaseSpinLock(&Adapter->DoneListLock, irql);
}

ULONG
PaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPA_ADAPTER adapter = (PPA_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->DoneListLock);
    KeInitializeSpinLock(&adapter->StatsLock);
    adapter->RetryLimit = 3;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PaInitialize(PVOID DeviceExtension)
{
    PPA_ADAPTER adapter = (PPA_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->CompletionDpc, PaCompletionDpc);
    return TRUE;
}

BOOLEAN
PaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPA_ADAPTER adapter = (PPA_ADAPTER)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_PENDING;
    StorPortIssueDpc(adapter, &adapter->CompletionDpc, Srb, NULL);
    return TRUE;
}

VOID
PaCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PPA_ADAPTER ext = (PPA_ADAPTER)DeviceExtension;
    PSCSI_REQUEST_BLOCK srb = (PSCSI_REQUEST_BLOCK)Arg1;
    PKSPIN_LOCK doneLock = &ext->DoneListLock;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg2);
    KeAcquireSpinLock(doneLock, &oldIrql);
    ext->DoneCount++;
    if (srb->ScsiStatus == SCSISTAT_BUSY && ext->Retries < ext->RetryLimit) {
        PaRequeue(ext);                                     /* still holding doneLock */
        KeReleaseSpinLock(doneLock, oldIrql);
        return;
    }
    KeReleaseSpinLock(doneLock, oldIrql);
    srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, srb);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(PA_ADAPTER);
    init.HwFindAdapter = PaFindAdapter;
    init.HwInitialize = PaInitialize;
    init.HwStartIo = PaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
