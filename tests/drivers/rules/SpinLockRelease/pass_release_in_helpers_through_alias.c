// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=pass
// expect-kind: physical
/*
 * The release two helper levels down, through a lock reached by a pointer field.
 * FindAdapter stores `&adapter->Mailbox` in `adapter->ActiveMailbox`. HwStorStartIo
 * takes the mailbox lock as `&adapter->Mailbox.Lock` and calls PrPost ->
 * PrRingAndUnlock, which releases `&Box->Lock` with `Box = Adapter->ActiveMailbox`
 * -- the same KSPIN_LOCK. The release is of a held lock; the lock is released once,
 * and StartIo does not release it again.
 */

#include <storport.h>

typedef struct _PR_MAILBOX {
    KSPIN_LOCK Lock;
    ULONG Sequence;
    PULONG Doorbell;
} PR_MAILBOX, *PPR_MAILBOX;

typedef struct _PR_ADAPTER {
    PR_MAILBOX Mailbox;
    PPR_MAILBOX ActiveMailbox;
} PR_ADAPTER, *PPR_ADAPTER;

static VOID
PrRingAndUnlock(PPR_ADAPTER Adapter, KIRQL OldIrql)
{
    PPR_MAILBOX box = Adapter->ActiveMailbox;

    StorPortWriteRegisterUlong(Adapter, box->Doorbell, box->Sequence);
    KeReleaseSpinLock(&box->Lock, OldIrql);                 // ok: SpinLockRelease -- same lock StartIo took
}

static VOID
PrPost(PPR_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb, KIRQL OldIrql)
{
    Adapter->ActiveMailbox->Sequence = (Adapter->ActiveMailbox->Sequence + 1) | Srb->QueueTag;
    PrRingAndUnlock(Adapter, OldIrql);
}

ULONG
PrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPR_ADAPTER adapter = (PPR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->Mailbox.Lock);
    adapter->ActiveMailbox = &adapter->Mailbox;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
PrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPR_ADAPTER adapter = (PPR_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->Mailbox.Lock, &oldIrql);
    PrPost(adapter, Srb, oldIrql);
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
    init.DeviceExtensionSize = sizeof(PR_ADAPTER);
    init.HwFindAdapter = PrFindAdapter;
    init.HwInitialize = PrInitialize;
    init.HwStartIo = PrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
