// check-rules: DdiIrql
// expect-status: DdiIrql=pass
// expect-kind: physical
/*
 * Balanced raise and lower in FindAdapter: the nonpaged allocation runs at
 * DISPATCH_LEVEL, the paged one and ZwClose after KeLowerIrql, back at PASSIVE_LEVEL.
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

static VOID
BlSetup(PBl_EXT Ext)
{
    KIRQL old;
    PVOID p;

    KeRaiseIrql(DISPATCH_LEVEL, &old);
    p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'lBdD');   // ok: DdiIrql
    KeLowerIrql(old);
    Ext->Worker = ExAllocatePool2(POOL_FLAG_PAGED, 64, 'lBdD');   // ok: DdiIrql
    ZwClose((HANDLE)p);                                     // ok: DdiIrql
}

ULONG
BlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PBl_EXT ext = (PBl_EXT)DeviceExtension;

    BlSetup(ext);
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
