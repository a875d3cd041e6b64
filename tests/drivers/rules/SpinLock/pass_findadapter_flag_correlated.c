// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * Conditional locking that the path decides. FindAdapter reads the controller's
 * capability register and sets `adapter->SharedQueue = TRUE` only when the controller
 * shares one hardware queue between its ports (either is feasible); HwStorStartIo
 * takes `QueueLock` `if (adapter->SharedQueue)` and releases it under the same test.
 * Between the two tests nothing writes the flag, so the paths where the acquire ran
 * are exactly those where the release runs: no exit with the lock held. (Path-
 * insensitive checking would join "acquired" with "not acquired" after the first `if`
 * and report the `return`.) A Storport work item, queued from StartIo, takes the lock
 * the same way.
 */

#include <storport.h>

#define FC_CAP_SHARED_QUEUE 0x10

typedef struct _FC_ADAPTER {
    KSPIN_LOCK QueueLock;
    BOOLEAN SharedQueue;
    PULONG CapsReg;
    PVOID Worker;
    ULONG Depth;
    ULONG Flushes;
} FC_ADAPTER, *PFC_ADAPTER;

VOID FcFlushWork(PVOID DeviceExtension, PVOID Context, PVOID Worker);

ULONG
FcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFC_ADAPTER adapter = (PFC_ADAPTER)DeviceExtension;
    ULONG caps;

    KeInitializeSpinLock(&adapter->QueueLock);
    caps = StorPortReadRegisterUlong(adapter, adapter->CapsReg);
    if ((caps & FC_CAP_SHARED_QUEUE) != 0) {
        adapter->SharedQueue = TRUE;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FcInitialize(PVOID DeviceExtension)
{
    PFC_ADAPTER adapter = (PFC_ADAPTER)DeviceExtension;

    StorPortInitializeWorker(adapter, &adapter->Worker);
    return TRUE;
}

BOOLEAN
FcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFC_ADAPTER adapter = (PFC_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    if (adapter->SharedQueue) {
        KeAcquireSpinLock(&adapter->QueueLock, &oldIrql);
    }
    adapter->Depth++;
    if (adapter->SharedQueue) {
        KeReleaseSpinLock(&adapter->QueueLock, oldIrql);
    }
    if (Srb->Function == SRB_FUNCTION_FLUSH) {
        StorPortQueueWorkItem(adapter, FcFlushWork, adapter->Worker, NULL);
    }
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;                                            // ok: SpinLock
}

VOID
FcFlushWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PFC_ADAPTER adapter = (PFC_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    if (adapter->SharedQueue) {
        KeAcquireSpinLock(&adapter->QueueLock, &oldIrql);
    }
    adapter->Flushes++;
    adapter->Depth = 0;
    if (adapter->SharedQueue) {
        KeReleaseSpinLock(&adapter->QueueLock, oldIrql);
    }
}                                                           // ok: SpinLock

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FC_ADAPTER);
    init.HwFindAdapter = FcFindAdapter;
    init.HwInitialize = FcInitialize;
    init.HwStartIo = FcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
