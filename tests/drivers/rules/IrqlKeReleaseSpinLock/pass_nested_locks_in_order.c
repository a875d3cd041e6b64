// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=pass
// expect-kind: physical
/*
 * The near miss of nested_locks_swapped_levels.c: each lock is released with its own
 * saved level, innermost first, the levels kept in an array of the device extension.
 */
#include <storport.h>

typedef struct _NO_EXT {
    KSPIN_LOCK Locks[2];
    KIRQL Saved[2];
    ULONG Count;
} NO_EXT, *PNO_EXT;

ULONG
NoFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNO_EXT ext = (PNO_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->Locks[0]);
    KeInitializeSpinLock(&ext->Locks[1]);
    KeAcquireSpinLock(&ext->Locks[0], &ext->Saved[0]);
    KeAcquireSpinLock(&ext->Locks[1], &ext->Saved[1]);
    ext->Count = 2;
    KeReleaseSpinLock(&ext->Locks[1], ext->Saved[1]);       // ok: IrqlKeReleaseSpinLock
    KeReleaseSpinLock(&ext->Locks[0], ext->Saved[0]);       // ok: IrqlKeReleaseSpinLock
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NoInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(NO_EXT);
    init.HwFindAdapter = NoFindAdapter;
    init.HwInitialize = NoInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
