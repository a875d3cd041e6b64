// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=defect
// expect-kind: physical
/*
 * Unbalanced raise through a helper: the work item (PASSIVE_LEVEL) calls a helper that
 * takes a spin lock and returns holding it (a helper may), and then returns without
 * the matching unlock on its busy branch. Reported at the work item's closing brace,
 * where the busy branch falls off the end; the other branch unlocks.
 */
#include <storport.h>

typedef struct _UH_EXT {
    KSPIN_LOCK Lock;
    KIRQL Old;
    PVOID Worker;
    ULONG Busy;
} UH_EXT, *PUH_EXT;

static VOID
UhLock(PUH_EXT Ext)
{
    KeAcquireSpinLock(&Ext->Lock, &Ext->Old);
}                                                           // ok: SpChangeIrql

static VOID
UhUnlock(PUH_EXT Ext)
{
    KeReleaseSpinLock(&Ext->Lock, Ext->Old);
}

VOID
UhWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PUH_EXT ext = (PUH_EXT)DeviceExtension;

    UhLock(ext);
    if (ext->Busy == 0) {
        ext->Busy = 1;
        UhUnlock(ext);
    }
}                                                           // expect: SpChangeIrql

ULONG
UhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PUH_EXT ext = (PUH_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->Lock);
    ext->Busy = StorPortReadRegisterUlong(ext, (PULONG)HwContext);
    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {
        return SP_RETURN_ERROR;
    }
    StorPortQueueWorkItem(ext, UhWork, ext->Worker, NULL);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
UhInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(UH_EXT);
    init.HwFindAdapter = UhFindAdapter;
    init.HwInitialize = UhInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
