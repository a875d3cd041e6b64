// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=defect
// expect-kind: physical
/*
 * KeAcquireSpinLockRaiseToDpc returns the old level; the work item (PASSIVE_LEVEL) keeps
 * it, but the error branch releases with the level it reads afterwards with
 * KeGetCurrentIrql() -- DISPATCH_LEVEL, not the PASSIVE_LEVEL saved. The normal branch
 * restores the saved level.
 */
#include <storport.h>

typedef struct _RD_EXT {
    KSPIN_LOCK Lock;
    PVOID Worker;
    ULONG Errors;
    PULONG Status;
} RD_EXT, *PRD_EXT;

VOID
RdWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PRD_EXT ext = (PRD_EXT)DeviceExtension;
    KIRQL old = KeAcquireSpinLockRaiseToDpc(&ext->Lock);

    if (StorPortReadRegisterUlong(ext, ext->Status) & 1) {
        ext->Errors++;
        KeReleaseSpinLock(&ext->Lock, KeGetCurrentIrql());  // expect: IrqlKeReleaseSpinLock
        return;
    }
    KeReleaseSpinLock(&ext->Lock, old);                     // ok: IrqlKeReleaseSpinLock
}

ULONG
RdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRD_EXT ext = (PRD_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->Lock);
    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {
        return SP_RETURN_ERROR;
    }
    StorPortQueueWorkItem(ext, RdWork, ext->Worker, NULL);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RdInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(RD_EXT);
    init.HwFindAdapter = RdFindAdapter;
    init.HwInitialize = RdInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
