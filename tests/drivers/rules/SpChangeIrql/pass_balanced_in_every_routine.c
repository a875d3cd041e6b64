// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=pass
// expect-kind: physical
/*
 * Balanced raise and lower in every routine: KeRaiseIrql/KeLowerIrql in FindAdapter, a
 * spin lock in the DPC (already at DISPATCH_LEVEL: the level does not change), an
 * in-stack queued lock in the timer.
 */
#include <storport.h>

typedef struct _BL_EXT {
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    ULONG Count;
} BL_EXT, *PBL_EXT;

VOID
BlDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PBL_EXT ext = (PBL_EXT)DeviceExtension;
    KIRQL old;

    KeAcquireSpinLock(&ext->Lock, &old);
    ext->Count++;
    KeReleaseSpinLock(&ext->Lock, old);
}                                                           // ok: SpChangeIrql

VOID
BlTimer(PVOID DeviceExtension)
{
    PBL_EXT ext = (PBL_EXT)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&ext->Lock, &handle);
    ext->Count = 0;
    KeReleaseInStackQueuedSpinLock(&handle);
}

ULONG
BlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PBL_EXT ext = (PBL_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    ext->Count = 0;
    KeLowerIrql(old);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;                                 // ok: SpChangeIrql
}

BOOLEAN
BlInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PBL_EXT)DeviceExtension)->Dpc, BlDpc);
    StorPortNotification(RequestTimerCall, DeviceExtension, BlTimer, 1000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(BL_EXT);
    init.HwFindAdapter = BlFindAdapter;
    init.HwInitialize = BlInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
