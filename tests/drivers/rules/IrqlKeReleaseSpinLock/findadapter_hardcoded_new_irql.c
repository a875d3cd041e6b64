// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=defect
// expect-kind: physical
/*
 * FindAdapter (PASSIVE_LEVEL) acquires with KeAcquireSpinLock, which saves PASSIVE_LEVEL,
 * and releases with a hard-coded DISPATCH_LEVEL: the release does not restore what the
 * acquire saved, and FindAdapter would go on at DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _HC_EXT {
    KSPIN_LOCK Lock;
    ULONG Ready;
} HC_EXT, *PHC_EXT;

ULONG
HcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHC_EXT ext = (PHC_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    KeAcquireSpinLock(&ext->Lock, &old);
    ext->Ready = 1;
    KeReleaseSpinLock(&ext->Lock, DISPATCH_LEVEL);          // expect: IrqlKeReleaseSpinLock
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HcInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(HC_EXT);
    init.HwFindAdapter = HcFindAdapter;
    init.HwInitialize = HcInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
