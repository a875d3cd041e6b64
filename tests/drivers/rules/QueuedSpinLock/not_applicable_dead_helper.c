// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=not_applicable
// expect-kind: physical
/*
 * No in-stack queued spin lock call is reachable from any entry point. The live code
 * uses a plain KeAcquireSpinLock (not monitored by this rule); the queued-lock variant of
 * the completion path, with a leak and a re-acquire in it, sits in a static helper that
 * nothing calls any more (its only caller was removed with the old interrupt path).
 */

#include <storport.h>

typedef struct _NA_ADAPTER {
    KSPIN_LOCK CompletionLock;
    ULONG Completed;
} NA_ADAPTER, *PNA_ADAPTER;

static VOID
NaQueuedCompletion(PNA_ADAPTER Adapter)
{
    KLOCK_QUEUE_HANDLE first;
    KLOCK_QUEUE_HANDLE second;

    KeAcquireInStackQueuedSpinLock(&Adapter->CompletionLock, &first);   // ok: QueuedSpinLock -- unreachable
    Adapter->Completed++;
    KeAcquireInStackQueuedSpinLock(&Adapter->CompletionLock, &second);  // ok: QueuedSpinLock -- unreachable
    KeReleaseInStackQueuedSpinLock(&second);
}

ULONG
NaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNA_ADAPTER adapter = (PNA_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CompletionLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNA_ADAPTER adapter = (PNA_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->CompletionLock, &oldIrql);
    adapter->Completed++;
    KeReleaseSpinLock(&adapter->CompletionLock, oldIrql);
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
    init.DeviceExtensionSize = sizeof(NA_ADAPTER);
    init.HwFindAdapter = NaFindAdapter;
    init.HwInitialize = NaInitialize;
    init.HwStartIo = NaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
