// check-rules: DdiIrql
// expect-status: DdiIrql=defect
// expect-kind: physical
/*
 * An unbalanced raise: the helper raises to DISPATCH_LEVEL and returns without lowering,
 * so FindAdapter's ZwClose after it runs at DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _Ul_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Ul_EXT, *PUl_EXT;

static VOID
UlRaise(PUl_EXT Ext, PKIRQL Old)
{
    KeRaiseIrql(DISPATCH_LEVEL, Old);
    Ext->Value = 1;
}

ULONG
UlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PUl_EXT ext = (PUl_EXT)DeviceExtension;

    KIRQL old;

    UlRaise(ext, &old);
    ZwClose((HANDLE)ext->Worker);                           // expect: DdiIrql
    KeLowerIrql(old);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
UlInitialize(PVOID DeviceExtension)
{
    PUl_EXT ext = (PUl_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ul_EXT);
    init.HwFindAdapter = UlFindAdapter;
    init.HwInitialize = UlInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
