// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * The counterpart of symbolic_index_may_alias.c: the migration first completes the
 * request when source and destination queue are the same, so on the path that takes
 * both locks the indices differ and `&Queues[dst].Lock` is a different KSPIN_LOCK from
 * `&Queues[src].Lock` (different locks may nest). The check is path-sensitive: the
 * index comparison decides whether the two lock addresses can be equal.
 */

#include <storport.h>

#define SD_QUEUES 4

typedef struct _SD_QUEUE {
    KSPIN_LOCK Lock;
    ULONG Depth;
} SD_QUEUE;

typedef struct _SD_ADAPTER {
    SD_QUEUE Queues[SD_QUEUES];
    ULONG Migrations;
} SD_ADAPTER, *PSD_ADAPTER;

ULONG
SdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSD_ADAPTER adapter = (PSD_ADAPTER)DeviceExtension;
    ULONG i;

    for (i = 0; i < SD_QUEUES; i++) {
        KeInitializeSpinLock(&adapter->Queues[i].Lock);
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SdStartIo(PVOID DeviceExtension, PSCSD_REQUEST_BLOCK Srb)
{
    PSD_ADAPTER adapter = (PSD_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE srcHandle;
    KLOCK_QUEUE_HANDLE dstHandle;
    ULONG src = Srb->PathId % SD_QUEUES;
    ULONG dst = Srb->TargetId % SD_QUEUES;

    if (src == dst) {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }
    KeAcquireInStackQueuedSpinLock(&adapter->Queues[src].Lock, &srcHandle);
    KeAcquireInStackQueuedSpinLock(&adapter->Queues[dst].Lock, &dstHandle);  // ok: QueuedSpinLock
    adapter->Queues[src].Depth--;
    adapter->Queues[dst].Depth++;
    adapter->Migrations++;
    KeReleaseInStackQueuedSpinLock(&dstHandle);
    KeReleaseInStackQueuedSpinLock(&srcHandle);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSdze = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSdze = sizeof(SD_ADAPTER);
    init.HwFindAdapter = SdFindAdapter;
    init.HwInitialize = SdInitialize;
    init.HwStartIo = SdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
