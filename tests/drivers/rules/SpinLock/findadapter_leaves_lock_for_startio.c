// check-rules: SpinLock, SpinLockRelease
// expect-status: SpinLock=defect, SpinLockRelease=pass
// expect-kind: physical
/*
 * "First violation on a path" spans routines. FindAdapter takes `InitLock` while it
 * builds the request pool and returns SP_RETURN_FOUND still holding it ("StartIo
 * releases it on the first request"). SpinLock: FindAdapter's exit with the lock
 * held is the violation (at its `return SP_RETURN_FOUND`). Every later callback runs
 * on a path that went through that exit, so StartIo's own KeAcquireSpinLock of the
 * same lock -- a re-acquire if the path went on -- is not reported: the rule stopped
 * following those paths at the first violation.
 * SpinLockRelease: StartIo's first release is of a lock acquired (by FindAdapter) on
 * the path, and the release after its own acquire too: pass.
 */

#include <storport.h>

#define FL_POOL 16

typedef struct _FL_ADAPTER {
    KSPIN_LOCK InitLock;
    KIRQL InitIrql;
    BOOLEAN FirstRequestSeen;
    ULONG PoolFree;
} FL_ADAPTER, *PFL_ADAPTER;

ULONG
FlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFL_ADAPTER adapter = (PFL_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->InitLock);
    KeAcquireSpinLock(&adapter->InitLock, &adapter->InitIrql);
    adapter->PoolFree = FL_POOL;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;                                 // expect: SpinLock
}

BOOLEAN
FlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFL_ADAPTER adapter = (PFL_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    if (!adapter->FirstRequestSeen) {
        adapter->FirstRequestSeen = TRUE;
        KeReleaseSpinLock(&adapter->InitLock, adapter->InitIrql);   // ok: SpinLockRelease
    }
    KeAcquireSpinLock(&adapter->InitLock, &oldIrql);        // ok: SpinLock -- the path already stopped in FindAdapter
    adapter->PoolFree--;
    KeReleaseSpinLock(&adapter->InitLock, oldIrql);         // ok: SpinLockRelease
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FL_ADAPTER);
    init.HwFindAdapter = FlFindAdapter;
    init.HwInitialize = FlInitialize;
    init.HwStartIo = FlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
