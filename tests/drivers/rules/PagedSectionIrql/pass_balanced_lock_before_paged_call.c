// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=pass
// expect-kind: physical
/*
 * Balanced raise and lower: FindAdapter takes and releases its spin lock before calling
 * the pageable function, back at PASSIVE_LEVEL.
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

static VOID BlPaged(PBl_EXT Ext);
#pragma alloc_text(PAGE, BlPaged)

static VOID
BlPaged(PBl_EXT Ext)
{
    Ext->Value = 0;
}

static VOID
BlTouch(PBl_EXT Ext)
{
    KIRQL old;

    KeAcquireSpinLock(&Ext->Lock, &old);
    Ext->Value++;
    KeReleaseSpinLock(&Ext->Lock, old);
}

ULONG
BlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PBl_EXT ext = (PBl_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->Lock);
    BlTouch(ext);
    BlPaged(ext);                                           // ok: PagedSectionIrql
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
