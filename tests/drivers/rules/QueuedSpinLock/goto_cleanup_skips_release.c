// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * goto-cleanup error handling in HwStorStartIo. The request is validated before the
 * lock (those gotos are fine), the lock is taken, and then a failed mailbox allocation
 * does `goto Complete` -- but the release sits before the `Complete:` label, so that
 * path reaches the routine's single `return` with the handle still holding the
 * mailbox lock (the mailboxes the firmware reports idle come from a register, so the
 * allocation can fail on the first request). The violation is at the exit, the one `return` every path shares; the
 * earlier `goto Complete` lines themselves are not violations.
 */

#include <storport.h>

#define GC_MAILBOXES 16

typedef struct _GC_ADAPTER {
    KSPIN_LOCK MailboxLock;
    ULONG MailboxBusy;
    ULONG MaxTransfer;
    PULONG MailboxRegs;
    PULONG MailboxIdle;
} GC_ADAPTER, *PGC_ADAPTER;

static LONG
GcAllocateMailbox(PGC_ADAPTER Adapter)
{
    ULONG idle = StorPortReadRegisterUlong(Adapter, Adapter->MailboxIdle);  /* firmware-owned */
    LONG i;

    for (i = 0; i < GC_MAILBOXES; i++) {
        if ((idle & (1u << i)) != 0 && (Adapter->MailboxBusy & (1u << i)) == 0) {
            Adapter->MailboxBusy |= 1u << i;
            return i;
        }
    }
    return -1;
}

ULONG
GcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PGC_ADAPTER adapter = (PGC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->MailboxLock);
    adapter->MaxTransfer = 0x10000;
    ConfigInfo->MaximumTransferLength = adapter->MaxTransfer;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
GcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGC_ADAPTER adapter = (PGC_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    LONG mailbox;
    UCHAR status = SRB_STATUS_SUCCESS;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        status = SRB_STATUS_INVALID_REQUEST;
        goto Complete;                                          // ok: QueuedSpinLock
    }
    if (Srb->DataTransferLength > adapter->MaxTransfer) {
        status = SRB_STATUS_INVALID_REQUEST;
        goto Complete;                                          // ok: QueuedSpinLock
    }

    KeAcquireInStackQueuedSpinLock(&adapter->MailboxLock, &handle);
    mailbox = GcAllocateMailbox(adapter);
    if (mailbox < 0) {
        status = SRB_STATUS_BUSY;
        goto Complete;
    }
    StorPortWriteRegisterUlong(adapter, adapter->MailboxRegs + mailbox,
                               Srb->DataTransferLength);
    KeReleaseInStackQueuedSpinLock(&handle);

Complete:
    Srb->SrbStatus = status;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;                                                // expect: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(GC_ADAPTER);
    init.HwFindAdapter = GcFindAdapter;
    init.HwInitialize = GcInitialize;
    init.HwStartIo = GcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
