// check-rules: DdiIrql
// expect-status: DdiIrql=not_applicable
// expect-kind: physical
/*
 * Routines other rules check are not checked twice, so none is left here:
 * StorPortGetGroupAffinity at DIRQL is StorPortIrql's, KeAcquireSpinLockAtDpcLevel at
 * DIRQL IrqlDispatch's.
 */
#include <storport.h>

typedef struct _Lo_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Lo_EXT, *PLo_EXT;

BOOLEAN
LoInterrupt(PVOID DeviceExtension)
{
    PLo_EXT ext = (PLo_EXT)DeviceExtension;
    GROUP_AFFINITY mask;

    StorPortGetGroupAffinity(ext, 0, &mask);                // ok: DdiIrql
    KeAcquireSpinLockAtDpcLevel(&ext->Lock);                // ok: DdiIrql
    KeReleaseSpinLockFromDpcLevel(&ext->Lock);              // ok: DdiIrql
    return TRUE;
}

ULONG
LoFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLo_EXT ext = (PLo_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->Lock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LoInitialize(PVOID DeviceExtension)
{
    PLo_EXT ext = (PLo_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Lo_EXT);
    init.HwFindAdapter = LoFindAdapter;
    init.HwInitialize = LoInitialize;
    init.HwInterrupt = LoInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
