// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=defect
// expect-kind: physical
/*
 * One lock reached two ways. The submission ring lives in the device extension
 * (`RingStorage`), and FindAdapter stores its address in `adapter->Ring`. HwStorStartIo
 * takes the ring's lock through the pointer field (`&ring->Lock`, with
 * `ring = adapter->Ring`) using KeAcquireSpinLockRaiseToDpc; when the ring is full it
 * calls RpKickDoorbell, which takes `&Adapter->RingStorage.Lock` -- the same
 * KSPIN_LOCK -- with KeAcquireSpinLockRaiseToDpc again. The ring's head is the
 * device's consumer index, read from a register, so "full" is feasible. The violation
 * is the helper's acquire. The non-full path kicks the doorbell after releasing and is fine.
 */

#include <storport.h>

#define RP_RING_SIZE 64

typedef struct _RP_RING {
    KSPIN_LOCK Lock;
    ULONG Head;
    ULONG Tail;
    PSCSI_REQUEST_BLOCK Entries[RP_RING_SIZE];
} RP_RING, *PRP_RING;

typedef struct _RP_ADAPTER {
    RP_RING RingStorage;
    PRP_RING Ring;
    PULONG Doorbell;
    PULONG ConsumerReg;
} RP_ADAPTER, *PRP_ADAPTER;

static VOID
RpKickDoorbell(PRP_ADAPTER Adapter)
{
    KIRQL irql;

    irql = KeAcquireSpinLockRaiseToDpc(&Adapter->RingStorage.Lock);   // expect: SpinLockDpc
    StorPortWriteRegisterUlong(Adapter, Adapter->Doorbell, Adapter->RingStorage.Tail);
    KeReleaseSpinLock(&Adapter->RingStorage.Lock, irql);
}

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRP_ADAPTER adapter = (PRP_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->RingStorage.Lock);
    adapter->Ring = &adapter->RingStorage;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRP_ADAPTER adapter = (PRP_ADAPTER)DeviceExtension;
    PRP_RING ring = adapter->Ring;
    KIRQL oldIrql;
    ULONG next;

    oldIrql = KeAcquireSpinLockRaiseToDpc(&ring->Lock);
    ring->Head = StorPortReadRegisterUlong(adapter, adapter->ConsumerReg) % RP_RING_SIZE;
    next = (ring->Tail + 1) % RP_RING_SIZE;
    if (next == ring->Head) {
        RpKickDoorbell(adapter);                            /* ring full: flush it, lock held */
        KeReleaseSpinLock(&ring->Lock, oldIrql);
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;
    }
    ring->Entries[ring->Tail] = Srb;
    ring->Tail = next;
    KeReleaseSpinLock(&ring->Lock, oldIrql);
    RpKickDoorbell(adapter);                                /* lock free: fine */
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RP_ADAPTER);
    init.HwFindAdapter = RpFindAdapter;
    init.HwInitialize = RpInitialize;
    init.HwStartIo = RpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
