// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=pass
// expect-kind: physical
/*
 * Balanced raise and lower in FindAdapter: KeAcquireSpinLock raises to DISPATCH_LEVEL,
 * so the nested KeAcquireSpinLockAtDpcLevel of a second lock is at the right level; after
 * both releases the IRQL is PASSIVE_LEVEL again and no DPC-level routine is called.
 */
#include <storport.h>

typedef struct _SR_EXT {
    KSPIN_LOCK Outer;
    KSPIN_LOCK Inner;
    ULONG Count;
} SR_EXT, *PSR_EXT;

ULONG
SrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSR_EXT ext = (PSR_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Outer);
    KeInitializeSpinLock(&ext->Inner);
    KeAcquireSpinLock(&ext->Outer, &old);
    KeAcquireSpinLockAtDpcLevel(&ext->Inner);               // ok: IrqlDispatch
    ext->Count = 1;
    KeReleaseSpinLockFromDpcLevel(&ext->Inner);             // ok: IrqlDispatch
    KeReleaseSpinLock(&ext->Outer, old);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SrInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(SR_EXT);
    init.HwFindAdapter = SrFindAdapter;
    init.HwInitialize = SrInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
