// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * An exit with the lock held that no feasible path reaches, decided by array contents
 * written in a loop. HwStorResetBus takes `SlotLock`, and in a first loop completes
 * every outstanding SRB with SRB_STATUS_BUS_RESET and sets its slot to NULL. A second
 * loop then checks that the table is empty and, if a slot is still busy, returns
 * FALSE "to retry the reset" -- without releasing the lock (a real bug if it could
 * run). But the first loop wrote NULL into every slot, so on every path the second loop
 * finds them all NULL: the early `return FALSE` is infeasible and the spec's verdict is
 * `pass` (the normal exit releases first).
 *
 * Known false defect: when a loop writes array elements through the loop index and a
 * later loop *in the same function* reads them, the tool no longer knows the written
 * values (also for a local array filled with NULL in a loop). The same clearing loop in
 * FindAdapter or in a helper is tracked exactly. So `Slots[i] != NULL` looks feasible
 * and the `return FALSE` is reported. Recorded as todo-ok.
 */

#include <storport.h>

#define ST_SLOTS 8

typedef struct _ST_ADAPTER {
    KSPIN_LOCK SlotLock;
    PSCSI_REQUEST_BLOCK Slots[ST_SLOTS];
    PULONG Doorbell;
    ULONG Resets;
} ST_ADAPTER, *PST_ADAPTER;

ULONG
StFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PST_ADAPTER adapter = (PST_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->SlotLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
StInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
StStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PST_ADAPTER adapter = (PST_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    ULONG slot = Srb->QueueTag % ST_SLOTS;

    KeAcquireSpinLock(&adapter->SlotLock, &oldIrql);
    adapter->Slots[slot] = Srb;
    KeReleaseSpinLock(&adapter->SlotLock, oldIrql);
    StorPortWriteRegisterUlong(adapter, adapter->Doorbell, slot);
    return TRUE;
}

BOOLEAN
StResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PST_ADAPTER adapter = (PST_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    ULONG i;

    UNREFERENCED_PARAMETER(PathId);
    KeAcquireSpinLock(&adapter->SlotLock, &oldIrql);
    for (i = 0; i < ST_SLOTS; i++) {
        if (adapter->Slots[i] != NULL) {
            adapter->Slots[i]->SrbStatus = SRB_STATUS_BUS_RESET;
            StorPortNotification(RequestComplete, adapter, adapter->Slots[i]);
        }
        adapter->Slots[i] = NULL;
    }
    for (i = 0; i < ST_SLOTS; i++) {
        if (adapter->Slots[i] != NULL) {
            return FALSE;                                   // todo-ok: SpinLock -- infeasible: the first loop cleared every slot
        }
    }
    adapter->Resets++;
    KeReleaseSpinLock(&adapter->SlotLock, oldIrql);
    return TRUE;                                            // ok: SpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(ST_ADAPTER);
    init.HwFindAdapter = StFindAdapter;
    init.HwInitialize = StInitialize;
    init.HwStartIo = StStartIo;
    init.HwResetBus = StResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
