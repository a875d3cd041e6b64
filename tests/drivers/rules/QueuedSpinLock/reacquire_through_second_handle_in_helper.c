// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * HwStorStartIo holds the tag lock through `tagHandle` while it allocates a tag, then
 * calls TgRecordIssue, which first takes the (different) history lock -- fine -- and then
 * TgBumpGeneration, two levels down, which takes the tag lock again through its own
 * local handle. A queued spin lock is not recursive: the second acquire of the same
 * KSPIN_LOCK object (reached as `&Adapter->TagLock` through a different pointer
 * variable) deadlocks. The violation is located at the acquire inside the helper.
 */

#include <storport.h>

#define TG_MAX_TAGS 32

typedef struct _TG_ADAPTER {
    KSPIN_LOCK TagLock;
    KSPIN_LOCK HistoryLock;
    ULONG FreeTags;
    ULONG Generation;
    ULONG History[16];
    ULONG HistoryNext;
} TG_ADAPTER, *PTG_ADAPTER;

static VOID
TgBumpGeneration(PTG_ADAPTER Adapter)
{
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&Adapter->TagLock, &handle);        // expect: QueuedSpinLock
    Adapter->Generation++;
    KeReleaseInStackQueuedSpinLock(&handle);
}

static VOID
TgRecordIssue(PTG_ADAPTER Adapter, ULONG Tag)
{
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&Adapter->HistoryLock, &handle);    // ok: QueuedSpinLock
    Adapter->History[Adapter->HistoryNext % 16] = Tag;
    Adapter->HistoryNext++;
    KeReleaseInStackQueuedSpinLock(&handle);
    if (Tag == 0) {
        TgBumpGeneration(Adapter);
    }
}

ULONG
TgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PTG_ADAPTER adapter = (PTG_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TagLock);
    KeInitializeSpinLock(&adapter->HistoryLock);
    adapter->FreeTags = 0xFFFFFFFF;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
TgInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
TgStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTG_ADAPTER adapter = (PTG_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE tagHandle;
    ULONG tag;

    KeAcquireInStackQueuedSpinLock(&adapter->TagLock, &tagHandle);
    for (tag = 0; tag < TG_MAX_TAGS; tag++) {
        if (adapter->FreeTags & (1u << tag)) {
            break;
        }
    }
    if (tag == TG_MAX_TAGS) {
        KeReleaseInStackQueuedSpinLock(&tagHandle);
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }
    adapter->FreeTags &= ~(1u << tag);
    TgRecordIssue(adapter, tag);
    KeReleaseInStackQueuedSpinLock(&tagHandle);

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
    init.DeviceExtensionSize = sizeof(TG_ADAPTER);
    init.HwFindAdapter = TgFindAdapter;
    init.HwInitialize = TgInitialize;
    init.HwStartIo = TgStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
