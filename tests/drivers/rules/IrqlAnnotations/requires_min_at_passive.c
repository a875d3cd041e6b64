// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=defect
// expect-kind: physical
/*
 * A helper annotated _IRQL_requires_min_(DISPATCH_LEVEL) (it takes a lock at DPC level)
 * is called from FindAdapter at PASSIVE_LEVEL.
 */
#include <storport.h>

typedef struct _Rm_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Rm_EXT, *PRm_EXT;

_IRQL_requires_min_(DISPATCH_LEVEL)
static VOID
RmTouch(PRm_EXT Ext)
{
    KeAcquireSpinLockAtDpcLevel(&Ext->Lock);
    Ext->Value = 1;
    KeReleaseSpinLockFromDpcLevel(&Ext->Lock);
}

ULONG
RmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRm_EXT ext = (PRm_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->Lock);
    RmTouch(ext);                                           // expect: IrqlAnnotations
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RmInitialize(PVOID DeviceExtension)
{
    PRm_EXT ext = (PRm_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Rm_EXT);
    init.HwFindAdapter = RmFindAdapter;
    init.HwInitialize = RmInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
