// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=pass
// expect-kind: physical
/*
 * Conditional acquire, release under the same recorded condition (the rule's "fix").
 * HwStorStartIo takes `OrderLock` only for ordered-queue requests and records that in
 * a local `taken`; the release is guarded by `taken`, not by re-reading the SRB. The
 * condition is unknown (it comes from the SRB), so both paths are explored, and on
 * each the release runs exactly when the acquire did. Compare
 * conditional_acquire_unconditional_release.c.
 */

#include <storport.h>

typedef struct _TF_ADAPTER {
    KSPIN_LOCK OrderLock;
    ULONG OrderedInFlight;
    ULONG Issued;
} TF_ADAPTER, *PTF_ADAPTER;

ULONG
TfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PTF_ADAPTER adapter = (PTF_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->OrderLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->TaggedQueuing = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
TfInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
TfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTF_ADAPTER adapter = (PTF_ADAPTER)DeviceExtension;
    BOOLEAN taken;
    KIRQL oldIrql;

    taken = (Srb->SrbFlags & SRB_FLAGS_QUEUE_ACTION_ENABLE) != 0 &&
            Srb->QueueAction == SRB_ORDERED_QUEUE_TAG_REQUEST;
    if (taken) {
        KeAcquireSpinLock(&adapter->OrderLock, &oldIrql);
        adapter->OrderedInFlight++;
    }
    adapter->Issued++;
    if (taken) {
        KeReleaseSpinLock(&adapter->OrderLock, oldIrql);    // ok: SpinLockRelease
    }
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
    init.DeviceExtensionSize = sizeof(TF_ADAPTER);
    init.HwFindAdapter = TfFindAdapter;
    init.HwInitialize = TfInitialize;
    init.HwStartIo = TfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
