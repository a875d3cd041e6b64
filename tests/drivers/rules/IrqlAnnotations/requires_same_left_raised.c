// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=defect
// expect-kind: physical
/*
 * A helper annotated _IRQL_requires_same_ acquires a spin lock and, on its error path,
 * returns without releasing it: it returns at DISPATCH_LEVEL, called at PASSIVE_LEVEL.
 */
#include <storport.h>

typedef struct _Rs_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Rs_EXT, *PRs_EXT;

_IRQL_requires_same_
static NTSTATUS
RsUpdate(PRs_EXT Ext, ULONG Value)
{
    KIRQL old;

    KeAcquireSpinLock(&Ext->Lock, &old);
    if (Value == 0) {
        return STATUS_INVALID_PARAMETER;                    // expect: IrqlAnnotations
    }
    Ext->Value = Value;
    KeReleaseSpinLock(&Ext->Lock, old);
    return STATUS_SUCCESS;                                  // ok: IrqlAnnotations
}

ULONG
RsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRs_EXT ext = (PRs_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->Lock);
    (VOID)RsUpdate(ext, (ULONG)(ULONG_PTR)ArgumentString);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RsInitialize(PVOID DeviceExtension)
{
    PRs_EXT ext = (PRs_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Rs_EXT);
    init.HwFindAdapter = RsFindAdapter;
    init.HwInitialize = RsInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
