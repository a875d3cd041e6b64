// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=defect
// expect-kind: physical
/*
 * Unbalanced use: the work item (PASSIVE_LEVEL) raises with KeAcquireSpinLock, releases,
 * and then releases a second lock with KeReleaseSpinLockFromDpcLevel -- after the IRQL
 * went back to PASSIVE_LEVEL. The AtDpcLevel acquire while the first lock is held is fine.
 */
#include <storport.h>

typedef struct _AR_EXT {
    KSPIN_LOCK Outer;
    KSPIN_LOCK Inner;
    PVOID Worker;
    ULONG Count;
} AR_EXT, *PAR_EXT;

VOID
ArWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PAR_EXT ext = (PAR_EXT)DeviceExtension;
    KIRQL old;

    KeAcquireSpinLock(&ext->Outer, &old);
    KeAcquireSpinLockAtDpcLevel(&ext->Inner);               // ok: IrqlDispatch
    ext->Count++;
    KeReleaseSpinLock(&ext->Outer, old);
    KeReleaseSpinLockFromDpcLevel(&ext->Inner);             // expect: IrqlDispatch
}

ULONG
ArFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAR_EXT ext = (PAR_EXT)DeviceExtension;

    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {
        return SP_RETURN_ERROR;
    }
    StorPortQueueWorkItem(ext, ArWork, ext->Worker, NULL);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ArInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(AR_EXT);
    init.HwFindAdapter = ArFindAdapter;
    init.HwInitialize = ArInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
