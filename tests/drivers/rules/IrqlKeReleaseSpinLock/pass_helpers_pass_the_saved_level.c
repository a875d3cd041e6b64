// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=pass
// expect-kind: physical
/*
 * Acquire in one helper, release in another, the saved level passed back through the
 * caller's local; the helpers run from FindAdapter and from the timer, each restoring what
 * its own acquire saved (PASSIVE_LEVEL in FindAdapter, DISPATCH_LEVEL in the full-duplex
 * timer).
 */
#include <storport.h>

typedef struct _HS_EXT {
    KSPIN_LOCK Lock;
    ULONG Ticks;
} HS_EXT, *PHS_EXT;

static KIRQL
HsLock(PHS_EXT Ext)
{
    KIRQL old;

    KeAcquireSpinLock(&Ext->Lock, &old);
    return old;
}

static VOID
HsUnlock(PHS_EXT Ext, KIRQL Old)
{
    KeReleaseSpinLock(&Ext->Lock, Old);                     // ok: IrqlKeReleaseSpinLock
}

VOID
HsTimer(PVOID DeviceExtension)
{
    PHS_EXT ext = (PHS_EXT)DeviceExtension;
    KIRQL old = HsLock(ext);

    ext->Ticks++;
    HsUnlock(ext, old);
}

ULONG
HsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHS_EXT ext = (PHS_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    old = HsLock(ext);
    ext->Ticks = 0;
    HsUnlock(ext, old);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HsInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, HsTimer, 1000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(HS_EXT);
    init.HwFindAdapter = HsFindAdapter;
    init.HwInitialize = HsInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
