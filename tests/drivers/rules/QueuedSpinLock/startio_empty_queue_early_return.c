// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * HwStorStartIo moves the SRB onto the adapter's active list under an in-stack queued
 * spin lock, then pops the next deferred request. When the deferred list is empty it
 * returns straight away, with the handle still holding the list lock: the callback exits
 * while it holds a queued spin lock (reported at that `return`). The other exit releases
 * first and is fine.
 */

#include <storport.h>

typedef struct _EQ_REQUEST {
    LIST_ENTRY Link;
    PSCSI_REQUEST_BLOCK Srb;
} EQ_REQUEST, *PEQ_REQUEST;

typedef struct _EQ_ADAPTER {
    KSPIN_LOCK ListLock;
    LIST_ENTRY Active;
    LIST_ENTRY Deferred;
    ULONG ActiveCount;
    PUCHAR Doorbell;
} EQ_ADAPTER, *PEQ_ADAPTER;

ULONG
EqFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PEQ_ADAPTER adapter = (PEQ_ADAPTER)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);

    KeInitializeSpinLock(&adapter->ListLock);
    InitializeListHead(&adapter->Active);
    InitializeListHead(&adapter->Deferred);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
EqInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
EqStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PEQ_ADAPTER adapter = (PEQ_ADAPTER)DeviceExtension;
    PEQ_REQUEST request = (PEQ_REQUEST)Srb->SrbExtension;
    KLOCK_QUEUE_HANDLE lockHandle;
    PLIST_ENTRY next;

    request->Srb = Srb;
    KeAcquireInStackQueuedSpinLock(&adapter->ListLock, &lockHandle);
    InsertTailList(&adapter->Active, &request->Link);
    adapter->ActiveCount++;

    next = RemoveHeadList(&adapter->Deferred);
    if (next == &adapter->Deferred) {
        return TRUE;                                            // expect: QueuedSpinLock
    }
    InsertTailList(&adapter->Active, next);
    KeReleaseInStackQueuedSpinLock(&lockHandle);

    StorPortWriteRegisterUchar(adapter, adapter->Doorbell, 1);
    return TRUE;                                                // ok: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(EQ_ADAPTER);
    init.SrbExtensionSize = sizeof(EQ_REQUEST);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = EqFindAdapter;
    init.HwInitialize = EqInitialize;
    init.HwStartIo = EqStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
