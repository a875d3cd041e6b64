// check-rules: PagedCode
// expect-status: PagedCode=defect
// expect-kind: physical
/*
 * FindAdapter calls a PAGED_CODE() helper while it holds a spin lock (DISPATCH_LEVEL):
 * reported at the helper's PAGED_CODE(), not at the call.
 */
#include <storport.h>

typedef struct _Fl_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Fl_EXT, *PFl_EXT;

static VOID
FlLoad(PFl_EXT Ext)
{
    PAGED_CODE();                                           // expect: PagedCode
    Ext->Value = 2;
}

ULONG
FlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFl_EXT ext = (PFl_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    KeAcquireSpinLock(&ext->Lock, &old);
    FlLoad(ext);
    KeReleaseSpinLock(&ext->Lock, old);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FlInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Fl_EXT);
    init.HwFindAdapter = FlFindAdapter;
    init.HwInitialize = FlInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
