// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * A release through a handle that was never used to acquire. HwStorStartIo declares two
 * handles, `queueHandle` and `tagHandle`, takes the queue lock through `queueHandle`,
 * and after a refactoring releases through `tagHandle`, which holds nothing: the release
 * hands a lock the caller never queued for to the next waiter and restores the IRQL
 * from an uninitialised handle. The violation is at that release. (The early-exit
 * release on the busy path uses the right handle and is fine.)
 */

#include <storport.h>

typedef struct _UH_ADAPTER {
    KSPIN_LOCK QueueLock;
    ULONG Depth;
    ULONG MaxDepth;
    ULONG NextTag;
} UH_ADAPTER, *PUH_ADAPTER;

ULONG
UhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PUH_ADAPTER adapter = (PUH_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    adapter->MaxDepth = 32;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
UhInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
UhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PUH_ADAPTER adapter = (PUH_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE queueHandle;
    KLOCK_QUEUE_HANDLE tagHandle;

    KeAcquireInStackQueuedSpinLock(&adapter->QueueLock, &queueHandle);
    if (adapter->Depth == adapter->MaxDepth) {
        KeReleaseInStackQueuedSpinLock(&queueHandle);                   // ok: QueuedSpinLockRelease
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }
    adapter->Depth++;
    Srb->QueueTag = (UCHAR)(adapter->NextTag++ & 0xFF);
    KeReleaseInStackQueuedSpinLock(&tagHandle);                         // expect: QueuedSpinLockRelease
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
    init.DeviceExtensionSize = sizeof(UH_ADAPTER);
    init.HwFindAdapter = UhFindAdapter;
    init.HwInitialize = UhInitialize;
    init.HwStartIo = UhStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
