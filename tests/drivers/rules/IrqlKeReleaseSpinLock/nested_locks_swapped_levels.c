// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=defect
// expect-kind: physical
/*
 * Nested locks released with each other's saved levels. In FindAdapter the outer acquire
 * saves PASSIVE_LEVEL, the inner one DISPATCH_LEVEL; releasing the inner lock with the
 * outer's level drops to PASSIVE_LEVEL while the outer lock is still held.
 */
#include <storport.h>

typedef struct _SW_EXT {
    KSPIN_LOCK Outer;
    KSPIN_LOCK Inner;
    ULONG Count;
} SW_EXT, *PSW_EXT;

ULONG
SwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSW_EXT ext = (PSW_EXT)DeviceExtension;
    KIRQL outerOld, innerOld;

    KeInitializeSpinLock(&ext->Outer);
    KeInitializeSpinLock(&ext->Inner);
    KeAcquireSpinLock(&ext->Outer, &outerOld);
    KeAcquireSpinLock(&ext->Inner, &innerOld);
    ext->Count = 2;
    KeReleaseSpinLock(&ext->Inner, outerOld);               // expect: IrqlKeReleaseSpinLock
    KeReleaseSpinLock(&ext->Outer, innerOld);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SwInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(SW_EXT);
    init.HwFindAdapter = SwFindAdapter;
    init.HwInitialize = SwInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
