// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=pass
// expect-kind: physical
/*
 * Handles inside a struct, reached through aliases. The interrupt-completion DPC keeps a
 * small stack context with two KLOCK_QUEUE_HANDLE members; it takes the completion
 * ring's lock through `&ctx.RingHandle` with the AtDpcLevel variant and the per-LUN
 * statistics lock through `&ctx.StatHandle`, then releases through local aliases
 * (`PKLOCK_QUEUE_HANDLE ring = &ctx.RingHandle`) and through a pointer to the whole
 * context, with the FromDpcLevel variant. Every release is through a handle that holds
 * its lock; the early exit releases both in reverse order.
 */

#include <storport.h>

typedef struct _HA_ADAPTER {
    STOR_DPC CompletionDpc;
    KSPIN_LOCK RingLock;
    KSPIN_LOCK StatLock;
    ULONG RingHead;
    ULONG Completed;
    PULONG RingTail;
} HA_ADAPTER, *PHA_ADAPTER;

typedef struct _HA_DRAIN {
    KLOCK_QUEUE_HANDLE RingHandle;
    KLOCK_QUEUE_HANDLE StatHandle;
    ULONG Drained;
} HA_DRAIN, *PHA_DRAIN;

static VOID
HaDropStats(PHA_DRAIN Drain)
{
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&Drain->StatHandle);    // ok: QueuedSpinLockRelease
}

VOID
HaCompletionDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
                PVOID SystemArgument2)
{
    PHA_ADAPTER adapter = (PHA_ADAPTER)HwDeviceExtension;
    HA_DRAIN ctx;
    PKLOCK_QUEUE_HANDLE ring = &ctx.RingHandle;
    ULONG tail;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    ctx.Drained = 0;
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->RingLock, ring);
    KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->StatLock, &ctx.StatHandle);
    tail = StorPortReadRegisterUlong(adapter, adapter->RingTail);
    if (tail == adapter->RingHead) {
        HaDropStats(&ctx);
        KeReleaseInStackQueuedSpinLockFromDpcLevel(ring);               // ok: QueuedSpinLockRelease
        return;
    }
    while (adapter->RingHead != tail) {
        adapter->RingHead = (adapter->RingHead + 1) & 0x3F;
        ctx.Drained++;
    }
    adapter->Completed += ctx.Drained;
    HaDropStats(&ctx);
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&ctx.RingHandle);        // ok: QueuedSpinLockRelease
}

ULONG
HaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHA_ADAPTER adapter = (PHA_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->RingLock);
    KeInitializeSpinLock(&adapter->StatLock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HaInitialize(PVOID DeviceExtension)
{
    PHA_ADAPTER adapter = (PHA_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->CompletionDpc, HaCompletionDpc);
    return TRUE;
}

BOOLEAN
HaInterrupt(PVOID DeviceExtension)
{
    PHA_ADAPTER adapter = (PHA_ADAPTER)DeviceExtension;

    return StorPortIssueDpc(adapter, &adapter->CompletionDpc, NULL, NULL);
}

BOOLEAN
HaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(HA_ADAPTER);
    init.HwFindAdapter = HaFindAdapter;
    init.HwInitialize = HaInitialize;
    init.HwInterrupt = HaInterrupt;
    init.HwStartIo = HaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
