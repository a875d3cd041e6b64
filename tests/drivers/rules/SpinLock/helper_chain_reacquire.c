// check-rules: SpinLock
// expect-status: SpinLock=defect
// expect-kind: physical
/*
 * Re-acquire three helper levels down. HwStorStartIo takes `QueueLock` to look at the
 * per-target queue and, for a write, calls HcQueueWrite -> HcInsertOrdered ->
 * HcLockQueue, and the innermost helper takes `&Adapter->QueueLock` again: the same
 * KSPIN_LOCK (the StartIo spells it `&ext->QueueLock`, the helpers `&Adapter->...`).
 * A spin lock is not recursive, so that acquire hangs. The violation is the inner
 * KeAcquireSpinLock call, not the helpers' call sites. Reads never reach the helper
 * chain; the write path is the only one reported.
 */

#include <storport.h>

typedef struct _HC_ADAPTER {
    KSPIN_LOCK QueueLock;
    ULONG QueuedReads;
    ULONG QueuedWrites;
    ULONG LastLba;
} HC_ADAPTER, *PHC_ADAPTER;

static VOID
HcLockQueue(PHC_ADAPTER Adapter, PKIRQL OldIrql)
{
    KeAcquireSpinLock(&Adapter->QueueLock, OldIrql);        // expect: SpinLock
}

static VOID
HcUnlockQueue(PHC_ADAPTER Adapter, KIRQL OldIrql)
{
    KeReleaseSpinLock(&Adapter->QueueLock, OldIrql);
}

static VOID
HcInsertOrdered(PHC_ADAPTER Adapter, ULONG Lba)
{
    KIRQL irql;

    /* written when the queue was still unlocked by StartIo */
    HcLockQueue(Adapter, &irql);
    if (Lba > Adapter->LastLba) {
        Adapter->LastLba = Lba;
    }
    Adapter->QueuedWrites++;
    HcUnlockQueue(Adapter, irql);
}

static VOID
HcQueueWrite(PHC_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    ULONG lba = ((ULONG)Srb->Cdb[2] << 24) | ((ULONG)Srb->Cdb[3] << 16) |
                ((ULONG)Srb->Cdb[4] << 8) | Srb->Cdb[5];

    HcInsertOrdered(Adapter, lba);
}

ULONG
HcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHC_ADAPTER adapter = (PHC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 64;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PHC_ADAPTER ext = (PHC_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&ext->QueueLock, &oldIrql);           // ok: SpinLock -- the first acquire
    if (Srb->Cdb[0] == SCSIOP_WRITE) {
        HcQueueWrite(ext, Srb);
    } else {
        ext->QueuedReads++;
    }
    KeReleaseSpinLock(&ext->QueueLock, oldIrql);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(HC_ADAPTER);
    init.HwFindAdapter = HcFindAdapter;
    init.HwInitialize = HcInitialize;
    init.HwStartIo = HcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
