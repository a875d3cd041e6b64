// check-rules: DdiIrql
// expect-status: DdiIrql=pass
// expect-kind: physical
/*
 * What the path cannot decide is not a violation: in the DPC (DISPATCH_LEVEL) the pool
 * type comes from the hardware and the timeout from the caller, so neither is known to
 * be paged or non-zero; nonpaged pool and Wait FALSE are allowed there.
 */
#include <storport.h>

typedef struct _Ua_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Ua_EXT, *PUa_EXT;

static VOID
UaWait(PUa_EXT Ext, PLARGE_INTEGER Timeout)
{
    KeWaitForSingleObject(&Ext->Event, Executive, KernelMode, FALSE, Timeout);  // ok: DdiIrql
}

VOID
UaDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PUa_EXT ext = (PUa_EXT)DeviceExtension;
    POOL_TYPE type = (POOL_TYPE)StorPortReadRegisterUlong(ext, (PULONG)ext->Worker);
    PVOID p;

    p = ExAllocatePoolWithTag(type, 32, 'aUdD');            // ok: DdiIrql
    if (p != NULL) {
        ExFreePoolWithTag(p, 'aUdD');
    }
    p = ExAllocatePoolWithTag(NonPagedPool, 32, 'aUdD');    // ok: DdiIrql
    if (p != NULL) {
        ExFreePoolWithTag(p, 'aUdD');
    }
    KeSetEvent(&ext->Event, IO_NO_INCREMENT, FALSE);        // ok: DdiIrql
    UaWait(ext, (PLARGE_INTEGER)Arg1);
}

ULONG
UaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PUa_EXT ext = (PUa_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
UaInitialize(PVOID DeviceExtension)
{
    PUa_EXT ext = (PUa_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, UaDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ua_EXT);
    init.HwFindAdapter = UaFindAdapter;
    init.HwInitialize = UaInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
