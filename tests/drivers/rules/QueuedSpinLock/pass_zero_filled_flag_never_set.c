// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * A leaking branch that no feasible path reaches. HwStorStartIo has a "legacy drain"
 * branch that returns with the queue lock held (it expected the interrupt routine to
 * release it -- a real bug if it could run). The branch depends on `LegacyDrain` in the
 * device extension, which no routine ever writes: the harness passes a zero-filled
 * device extension, so the field reads 0 and the branch is dead on every path. The
 * monitored calls are reachable, so the verdict is `pass`, not `not_applicable`.
 */

#include <storport.h>

typedef struct _ZF_ADAPTER {
    KSPIN_LOCK QueueLock;
    BOOLEAN LegacyDrain;            /* never written: the feature was removed */
    ULONG Queued;
} ZF_ADAPTER, *PZF_ADAPTER;

ULONG
ZfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PZF_ADAPTER adapter = (PZF_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    adapter->Queued = 0;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ZfInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
ZfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PZF_ADAPTER adapter = (PZF_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&adapter->QueueLock, &handle);
    adapter->Queued++;
    if (adapter->LegacyDrain) {
        Srb->SrbStatus = SRB_STATUS_PENDING;
        return TRUE;                                            // ok: QueuedSpinLock
    }
    KeReleaseInStackQueuedSpinLock(&handle);
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
    init.DeviceExtensionSize = sizeof(ZF_ADAPTER);
    init.HwFindAdapter = ZfFindAdapter;
    init.HwInitialize = ZfInitialize;
    init.HwStartIo = ZfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
