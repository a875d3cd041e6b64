// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=defect
// expect-kind: physical
/*
 * Acquire under one condition, release under none. HwStorStartIo takes `OrderLock`
 * only for ordered-queue requests (SRB_FLAGS_QUEUE_ACTION_ENABLE with an ORDERED_QUEUE
 * tag), but releases it for every request. For a simple-queue SRB (any value of
 * `SrbFlags` and `QueueAction` is possible) the release is of a lock not held: the
 * violation is that release. The acquire itself is fine.
 */

#include <storport.h>

typedef struct _CA_ADAPTER {
    KSPIN_LOCK OrderLock;
    ULONG OrderedInFlight;
    ULONG Issued;
} CA_ADAPTER, *PCA_ADAPTER;

ULONG
CaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCA_ADAPTER adapter = (PCA_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->OrderLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->TaggedQueuing = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
CaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PCA_ADAPTER adapter = (PCA_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    if ((Srb->SrbFlags & SRB_FLAGS_QUEUE_ACTION_ENABLE) != 0 &&
        Srb->QueueAction == SRB_ORDERED_QUEUE_TAG_REQUEST) {
        KeAcquireSpinLock(&adapter->OrderLock, &oldIrql);   // ok: SpinLockRelease
        adapter->OrderedInFlight++;
    }
    adapter->Issued++;
    KeReleaseSpinLock(&adapter->OrderLock, oldIrql);        // expect: SpinLockRelease
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(CA_ADAPTER);
    init.HwFindAdapter = CaFindAdapter;
    init.HwInitialize = CaInitialize;
    init.HwStartIo = CaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
