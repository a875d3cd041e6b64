// check-rules: PagedCode
// expect-status: PagedCode=pass
// expect-kind: physical
/*
 * The near miss of findadapter_paged_helper_under_lock.c: the helper runs after the
 * release, back at PASSIVE_LEVEL.
 */
#include <storport.h>

typedef struct _Pr_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Pr_EXT, *PPr_EXT;

static VOID
PrLoad(PPr_EXT Ext)
{
    PAGED_CODE();                                           // ok: PagedCode
    Ext->Value = 2;
}

ULONG
PrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPr_EXT ext = (PPr_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    KeAcquireSpinLock(&ext->Lock, &old);
    ext->Value = 1;
    KeReleaseSpinLock(&ext->Lock, old);
    PrLoad(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PrInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Pr_EXT);
    init.HwFindAdapter = PrFindAdapter;
    init.HwInitialize = PrInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
