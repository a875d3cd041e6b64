// check-rules: SpinLock
// expect-status: SpinLock=defect
// expect-kind: physical
/*
 * A loop whose `continue` skips the release. The HW_TIMER routine (registered with
 * StorPortNotification(RequestTimerCall, ...) from HwStorInitialize) scans the slot
 * table: each iteration takes `SlotLock`, and for a slot the hardware still owns it
 * `continue`s -- past the KeReleaseSpinLock. The next iteration's acquire is then a
 * re-acquire of a held lock (it spins for ever), and when the skipped slot is the last
 * one the loop ends and the timer returns with the lock held. Both are violations, at
 * distinct locations: the acquire and the routine's closing brace. The slot count is
 * fixed by FindAdapter (8) and the ownership bit comes from a register, so every
 * iteration can take either branch.
 */

#include <storport.h>

#define LC_MAX_SLOTS 8

typedef struct _LC_SLOT {
    PSCSI_REQUEST_BLOCK Srb;
    ULONG Ticks;
} LC_SLOT;

typedef struct _LC_ADAPTER {
    KSPIN_LOCK SlotLock;
    ULONG SlotCount;
    PULONG OwnershipReg;
    LC_SLOT Slots[LC_MAX_SLOTS];
} LC_ADAPTER, *PLC_ADAPTER;

VOID LcTimer(PVOID DeviceExtension);

ULONG
LcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLC_ADAPTER adapter = (PLC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->SlotLock);
    adapter->SlotCount = LC_MAX_SLOTS;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LcInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, LcTimer, 1000000);
    return TRUE;
}

BOOLEAN
LcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PLC_ADAPTER adapter = (PLC_ADAPTER)DeviceExtension;

    adapter->Slots[Srb->QueueTag % LC_MAX_SLOTS].Srb = Srb;
    return TRUE;
}

VOID
LcTimer(PVOID DeviceExtension)
{
    PLC_ADAPTER adapter = (PLC_ADAPTER)DeviceExtension;
    ULONG owned;
    ULONG i;
    KIRQL oldIrql;

    for (i = 0; i < adapter->SlotCount; i++) {
        KeAcquireSpinLock(&adapter->SlotLock, &oldIrql);        // expect: SpinLock
        owned = StorPortReadRegisterUlong(adapter, adapter->OwnershipReg);
        if (owned & (1u << i)) {
            continue;                                           /* hardware still owns it */
        }
        adapter->Slots[i].Ticks++;
        KeReleaseSpinLock(&adapter->SlotLock, oldIrql);
    }
    StorPortNotification(RequestTimerCall, adapter, LcTimer, 1000000);
}                                                               // expect: SpinLock

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(LC_ADAPTER);
    init.HwFindAdapter = LcFindAdapter;
    init.HwInitialize = LcInitialize;
    init.HwStartIo = LcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
