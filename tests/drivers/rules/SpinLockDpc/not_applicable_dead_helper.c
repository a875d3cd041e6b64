// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=not_applicable
// expect-kind: physical
/*
 * No call SpinLockDpc monitors (KeAcquireSpinLockRaiseToDpc, KeAcquireSpinLock,
 * KeReleaseSpinLock) is reachable from an entry point. The fast-path helper that used
 * KeAcquireSpinLockRaiseToDpc -- and returned with the lock held on its error path --
 * is still in the file, but its only caller was replaced by an interlocked counter.
 * A function no entry point reaches does not make the rule applicable.
 */

#include <storport.h>

typedef struct _ND_ADAPTER {
    KSPIN_LOCK FastLock;
    LONG InFlight;
    ULONG Limit;
} ND_ADAPTER, *PND_ADAPTER;

static BOOLEAN
NdReserveSlotLocked(PND_ADAPTER Adapter)
{
    KIRQL irql;

    irql = KeAcquireSpinLockRaiseToDpc(&Adapter->FastLock);    // ok: SpinLockDpc -- unreachable
    if ((ULONG)Adapter->InFlight >= Adapter->Limit) {
        return FALSE;                                           // ok: SpinLockDpc -- unreachable
    }
    Adapter->InFlight++;
    KeReleaseSpinLock(&Adapter->FastLock, irql);
    return TRUE;
}

ULONG
NdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PND_ADAPTER adapter = (PND_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->FastLock);
    adapter->Limit = 128;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PND_ADAPTER adapter = (PND_ADAPTER)DeviceExtension;

    if ((ULONG)InterlockedIncrement(&adapter->InFlight) > adapter->Limit) {
        InterlockedDecrement(&adapter->InFlight);
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;
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
    init.DeviceExtensionSize = sizeof(ND_ADAPTER);
    init.HwFindAdapter = NdFindAdapter;
    init.HwInitialize = NdInitialize;
    init.HwStartIo = NdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
