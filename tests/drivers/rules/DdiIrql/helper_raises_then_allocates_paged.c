// check-rules: DdiIrql
// expect-status: DdiIrql=defect
// expect-kind: physical
/*
 * FindAdapter runs at PASSIVE_LEVEL, but its helper raises to DISPATCH_LEVEL before an
 * ExAllocatePool2 with POOL_FLAG_PAGED, and lowers only afterwards.
 */
#include <storport.h>

typedef struct _Hr_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Hr_EXT, *PHr_EXT;

static PVOID
HrAllocate(PHr_EXT Ext)
{
    KIRQL old;
    PVOID p;

    KeRaiseIrql(DISPATCH_LEVEL, &old);
    p = ExAllocatePool2(POOL_FLAG_PAGED, 128, 'rHdD');     // expect: DdiIrql
    KeLowerIrql(old);
    return p;
}

ULONG
HrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHr_EXT ext = (PHr_EXT)DeviceExtension;

    ext->Worker = HrAllocate(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HrInitialize(PVOID DeviceExtension)
{
    PHr_EXT ext = (PHr_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Hr_EXT);
    init.HwFindAdapter = HrFindAdapter;
    init.HwInitialize = HrInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
