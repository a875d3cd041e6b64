// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=defect
// expect-kind: physical
/*
 * A helper annotated _IRQL_raises_(DISPATCH_LEVEL) raises only when the extension says
 * so; on the other path it returns at PASSIVE_LEVEL, at its closing brace.
 */
#include <storport.h>

typedef struct _Rr_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Rr_EXT, *PRr_EXT;

_IRQL_raises_(DISPATCH_LEVEL)
static VOID
RrRaise(PRr_EXT Ext, PKIRQL Old)
{
    *Old = PASSIVE_LEVEL;
    if (Ext->Value != 0) {
        KeRaiseIrql(DISPATCH_LEVEL, Old);
    }
}                                                           // expect: IrqlAnnotations

ULONG
RrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRr_EXT ext = (PRr_EXT)DeviceExtension;

    KIRQL old;

    ext->Value = (ULONG)(ULONG_PTR)ArgumentString;
    RrRaise(ext, &old);
    KeLowerIrql(old);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RrInitialize(PVOID DeviceExtension)
{
    PRr_EXT ext = (PRr_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Rr_EXT);
    init.HwFindAdapter = RrFindAdapter;
    init.HwInitialize = RrInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
