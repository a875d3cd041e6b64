// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=defect
// expect-kind: physical
/*
 * FindAdapter (PASSIVE_LEVEL) returns SP_RETURN_ERROR from inside its lock: it returns at
 * DISPATCH_LEVEL. The violation counts although the harness goes on only where
 * FindAdapter returns SP_RETURN_FOUND; the found exit is after the release and fine.
 */
#include <storport.h>

typedef struct _FE_EXT {
    KSPIN_LOCK Lock;
    PULONG Version;
} FE_EXT, *PFE_EXT;

ULONG
FeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFE_EXT ext = (PFE_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    KeAcquireSpinLock(&ext->Lock, &old);
    if (StorPortReadRegisterUlong(ext, ext->Version) == 0) {
        return SP_RETURN_ERROR;                             // expect: SpChangeIrql
    }
    KeReleaseSpinLock(&ext->Lock, old);
    *Again = FALSE;
    return SP_RETURN_FOUND;                                 // ok: SpChangeIrql
}

BOOLEAN
FeInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(FE_EXT);
    init.HwFindAdapter = FeFindAdapter;
    init.HwInitialize = FeInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
