// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * The zero-filled device extension decides the path. HwStorStartIo takes the
 * cache-metadata lock only `if (adapter->WriteCacheEnabled)`, and releases at the end
 * when `!adapter->WriteThrough` -- a different field, which the author believed to be
 * the opposite of the first. Neither is ever written (the mode-select code that was to
 * set them does not exist yet), so both read 0: the lock is never taken and the
 * release always runs, through a handle that holds nothing. Reported at the release.
 */

#include <storport.h>

typedef struct _ZR_ADAPTER {
    KSPIN_LOCK CacheLock;
    BOOLEAN WriteCacheEnabled;
    BOOLEAN WriteThrough;
    ULONG DirtyLines;
} ZR_ADAPTER, *PZR_ADAPTER;

ULONG
ZrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PZR_ADAPTER adapter = (PZR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CacheLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ZrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
ZrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PZR_ADAPTER adapter = (PZR_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    if (adapter->WriteCacheEnabled) {
        KeAcquireInStackQueuedSpinLock(&adapter->CacheLock, &handle);
        adapter->DirtyLines++;
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    if (!adapter->WriteThrough) {
        KeReleaseInStackQueuedSpinLock(&handle);                        // expect: QueuedSpinLockRelease
    }
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
    init.DeviceExtensionSize = sizeof(ZR_ADAPTER);
    init.HwFindAdapter = ZrFindAdapter;
    init.HwInitialize = ZrInitialize;
    init.HwStartIo = ZrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
