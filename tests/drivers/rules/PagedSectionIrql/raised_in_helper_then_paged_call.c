// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=defect
// expect-kind: physical
/*
 * FindAdapter runs at PASSIVE_LEVEL, but a helper acquires a spin lock (DISPATCH_LEVEL)
 * and the pageable function is called before the release.
 */
#include <storport.h>

typedef struct _Rh_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Rh_EXT, *PRh_EXT;

static VOID RhPaged(PRh_EXT Ext);
#pragma alloc_text(PAGE, RhPaged)

static VOID
RhPaged(PRh_EXT Ext)
{
    Ext->Value = 1;
}

static VOID
RhLock(PRh_EXT Ext, PKIRQL Old)
{
    KeAcquireSpinLock(&Ext->Lock, Old);
}

ULONG
RhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRh_EXT ext = (PRh_EXT)DeviceExtension;

    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    RhLock(ext, &old);
    RhPaged(ext);                                           // expect: PagedSectionIrql
    KeReleaseSpinLock(&ext->Lock, old);
    RhPaged(ext);                                           // ok: PagedSectionIrql
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RhInitialize(PVOID DeviceExtension)
{
    PRh_EXT ext = (PRh_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Rh_EXT);
    init.HwFindAdapter = RhFindAdapter;
    init.HwInitialize = RhInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
