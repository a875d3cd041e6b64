// check-rules: QueuedSpinLock, QueuedSpinLockRelease
// expect-status: QueuedSpinLock=defect, QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * HwStorBuildIo takes two locks through two handles (the map-register pool lock through
 * `poolHandle`, the SG-list cache lock through `cacheHandle`) and hands them back with a
 * helper, WlUnlock, three levels below the routine (BuildIo -> WlCommit -> WlUnlockAll ->
 * WlUnlock). The copy-pasted WlUnlockAll passes the cache handle twice: the cache lock is
 * released, the second release goes through a handle that holds nothing any more
 * (QueuedSpinLockRelease, at the release inside WlUnlock), and the pool lock is still held
 * when BuildIo returns (QueuedSpinLock, at BuildIo's `return`).
 *
 * The second release is the first QueuedSpinLockRelease violation on the path and
 * QueuedSpinLock does not stop there (each rule follows its own paths), so both report.
 */

#include <storport.h>

typedef struct _WL_ADAPTER {
    KSPIN_LOCK PoolLock;
    KSPIN_LOCK CacheLock;
    ULONG MapRegistersFree;
    ULONG CachedLists;
} WL_ADAPTER, *PWL_ADAPTER;

static VOID
WlUnlock(PKLOCK_QUEUE_HANDLE Handle)
{
    KeReleaseInStackQueuedSpinLock(Handle);                 // expect: QueuedSpinLockRelease
}

static VOID
WlUnlockAll(PKLOCK_QUEUE_HANDLE Pool, PKLOCK_QUEUE_HANDLE Cache)
{
    UNREFERENCED_PARAMETER(Pool);
    WlUnlock(Cache);
    WlUnlock(Cache);                                        /* meant: WlUnlock(Pool) */
}

static VOID
WlCommit(PWL_ADAPTER Adapter, PKLOCK_QUEUE_HANDLE Pool, PKLOCK_QUEUE_HANDLE Cache)
{
    Adapter->MapRegistersFree--;
    Adapter->CachedLists++;
    WlUnlockAll(Pool, Cache);
}

ULONG
WlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PWL_ADAPTER adapter = (PWL_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->PoolLock);
    KeInitializeSpinLock(&adapter->CacheLock);
    adapter->MapRegistersFree = 256;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
WlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
WlBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PWL_ADAPTER adapter = (PWL_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE poolHandle;
    KLOCK_QUEUE_HANDLE cacheHandle;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        return TRUE;
    }
    KeAcquireInStackQueuedSpinLock(&adapter->PoolLock, &poolHandle);
    KeAcquireInStackQueuedSpinLock(&adapter->CacheLock, &cacheHandle);
    WlCommit(adapter, &poolHandle, &cacheHandle);
    return TRUE;                                            // expect: QueuedSpinLock
}

BOOLEAN
WlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(WL_ADAPTER);
    init.HwFindAdapter = WlFindAdapter;
    init.HwInitialize = WlInitialize;
    init.HwBuildIo = WlBuildIo;
    init.HwStartIo = WlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
