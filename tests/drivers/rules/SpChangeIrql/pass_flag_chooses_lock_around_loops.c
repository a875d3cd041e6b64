// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=pass
// expect-kind: physical
/*
 * A flag FindAdapter reads from the controller chooses the lock in a pair of helpers: a
 * per-message MSI lock (its old level kept in the handle's context) or Storport's
 * interrupt lock; the release helper tests the flag again. Between them, a loop over a
 * queue; around them, a loop over the queues. Paths that took different locks are kept
 * apart (the held handles are part of the rule's state), so each release restores what
 * its own acquire saved and StartIo returns at DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _QL_EXT {
    ULONG Queues;
    ULONG Msix;
    LIST_ENTRY Pending[4];
} QL_EXT, *PQL_EXT;

static VOID
QlLock(PQL_EXT Ext, ULONG Queue, PSTOR_LOCK_HANDLE Handle)
{
    ULONG old = 0;

    if (Ext->Msix) {
        StorPortAcquireMSISpinLock(Ext, Queue + 1, &old);
        Handle->Context.OldIrql = (KIRQL)old;
    } else {
        StorPortAcquireSpinLock(Ext, InterruptLock, NULL, Handle);
    }
}

static VOID
QlUnlock(PQL_EXT Ext, ULONG Queue, PSTOR_LOCK_HANDLE Handle)
{
    if (Ext->Msix) {
        StorPortReleaseMSISpinLock(Ext, Queue + 1, Handle->Context.OldIrql);
    } else {
        StorPortReleaseSpinLock(Ext, Handle);
    }
}

BOOLEAN
QlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PQL_EXT ext = (PQL_EXT)DeviceExtension;
    ULONG i;

    for (i = 0; i < ext->Queues; i++) {
        STOR_LOCK_HANDLE handle = {0};

        QlLock(ext, i, &handle);
        while (!IsListEmpty(&ext->Pending[i])) {
            RemoveHeadList(&ext->Pending[i]);
        }
        QlUnlock(ext, i, &handle);
    }
    return TRUE;                                            // ok: SpChangeIrql
}

ULONG
QlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PQL_EXT ext = (PQL_EXT)DeviceExtension;

    ext->Queues = StorPortReadRegisterUlong(ext, (PULONG)HwContext);
    ext->Msix = StorPortReadRegisterUlong(ext, (PULONG)BusInformation);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
QlInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(QL_EXT);
    init.HwFindAdapter = QlFindAdapter;
    init.HwInitialize = QlInitialize;
    init.HwStartIo = QlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
