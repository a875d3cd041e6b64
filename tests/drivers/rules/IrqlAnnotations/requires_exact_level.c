// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=defect
// expect-kind: physical
/*
 * _IRQL_requires_(DISPATCH_LEVEL): FindAdapter calls the helper once after raising to
 * DISPATCH_LEVEL (fine) and once at PASSIVE_LEVEL after lowering (a violation).
 */
#include <storport.h>

typedef struct _Re_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Re_EXT, *PRe_EXT;

_IRQL_requires_(DISPATCH_LEVEL)
static VOID
ReCount(PRe_EXT Ext)
{
    Ext->Value++;
}

static VOID
ReSetup(PRe_EXT Ext)
{
    KIRQL old;

    KeRaiseIrql(DISPATCH_LEVEL, &old);
    ReCount(Ext);                                           // ok: IrqlAnnotations
    KeLowerIrql(old);
    ReCount(Ext);                                           // expect: IrqlAnnotations
}

ULONG
ReFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRe_EXT ext = (PRe_EXT)DeviceExtension;

    ReSetup(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ReInitialize(PVOID DeviceExtension)
{
    PRe_EXT ext = (PRe_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Re_EXT);
    init.HwFindAdapter = ReFindAdapter;
    init.HwInitialize = ReInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
