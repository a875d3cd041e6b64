// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=pass
// expect-kind: physical
/*
 * Balanced: the _IRQL_requires_same_ helper acquires and releases its lock on every
 * path; the _IRQL_raises_(DISPATCH_LEVEL) helper raises, its caller lowers, and the
 * _IRQL_requires_(DISPATCH_LEVEL) function is called in between.
 */
#include <storport.h>

typedef struct _Bl_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Bl_EXT, *PBl_EXT;

_IRQL_requires_same_
static VOID
BlUpdate(PBl_EXT Ext, ULONG Value)
{
    KIRQL old;

    KeAcquireSpinLock(&Ext->Lock, &old);
    if (Value == 0) {
        KeReleaseSpinLock(&Ext->Lock, old);
        return;                                             // ok: IrqlAnnotations
    }
    Ext->Value = Value;
    KeReleaseSpinLock(&Ext->Lock, old);
}

_IRQL_raises_(DISPATCH_LEVEL)
static VOID
BlRaise(PKIRQL Old)
{
    KeRaiseIrql(DISPATCH_LEVEL, Old);
}

_IRQL_requires_(DISPATCH_LEVEL)
static VOID
BlCount(PBl_EXT Ext)
{
    Ext->Value++;
}

ULONG
BlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PBl_EXT ext = (PBl_EXT)DeviceExtension;

    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    BlUpdate(ext, (ULONG)(ULONG_PTR)ArgumentString);
    BlRaise(&old);
    BlCount(ext);                                           // ok: IrqlAnnotations
    KeLowerIrql(old);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
BlInitialize(PVOID DeviceExtension)
{
    PBl_EXT ext = (PBl_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Bl_EXT);
    init.HwFindAdapter = BlFindAdapter;
    init.HwInitialize = BlInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
