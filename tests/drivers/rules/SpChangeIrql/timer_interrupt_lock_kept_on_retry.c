// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=defect
// expect-kind: physical
/*
 * A full-duplex timer (DISPATCH_LEVEL) takes Storport's interrupt lock (DIRQL) and leaves
 * it held on the retry path: the timer returns at DIRQL. The normal path releases and
 * returns at DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _TL_EXT {
    PULONG Doorbell;
    ULONG Retries;
} TL_EXT, *PTL_EXT;

VOID
TlTimer(PVOID DeviceExtension)
{
    PTL_EXT ext = (PTL_EXT)DeviceExtension;
    STOR_LOCK_HANDLE handle;

    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &handle);
    if (StorPortReadRegisterUlong(ext, ext->Doorbell) != 0) {
        ext->Retries++;
        StorPortNotification(RequestTimerCall, ext, TlTimer, 100);
        return;                                             // expect: SpChangeIrql
    }
    StorPortReleaseSpinLock(ext, &handle);
}                                                           // ok: SpChangeIrql

ULONG
TlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
TlInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, TlTimer, 1000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(TL_EXT);
    init.HwFindAdapter = TlFindAdapter;
    init.HwInitialize = TlInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
