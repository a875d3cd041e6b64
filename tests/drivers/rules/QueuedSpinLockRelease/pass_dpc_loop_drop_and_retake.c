// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=pass
// expect-kind: physical
/*
 * The correct form of dpc_loop_drop_and_retake_missing.c: on a surprise removal the DPC
 * returns right after completing the entry (the lock is already dropped), and the only
 * release after the loop is on the "queue empty" exit, where the handle holds the lock
 * again. Within the loop each FromDpcLevel release follows an AtDpcLevel acquire
 * through the same handle, whatever the iteration: the loop's fixpoint must keep "the
 * handle holds CqLock" at the loop head.
 */

#include <storport.h>

#define DP_SLOTS          32
#define DP_CQ_EMPTY       0xFFFFFFFF
#define DP_CQ_REMOVED     0x80000000

typedef struct _DP_ADAPTER {
    STOR_DPC DoneDpc;
    KSPIN_LOCK CqLock;
    ULONG CqHead;
    PULONG CqEntry;
    PSCSI_REQUEST_BLOCK Slots[DP_SLOTS];
} DP_ADAPTER, *PDP_ADAPTER;

static BOOLEAN
DpComplete(PDP_ADAPTER Adapter, ULONG Entry)
{
    PSCSI_REQUEST_BLOCK srb = Adapter->Slots[Entry % DP_SLOTS];

    if (srb != NULL) {
        Adapter->Slots[Entry % DP_SLOTS] = NULL;
        srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, Adapter, srb);
    }
    return (Entry & DP_CQ_REMOVED) != 0;
}

VOID
DpDoneDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
          PVOID SystemArgument2)
{
    PDP_ADAPTER adapter = (PDP_ADAPTER)HwDeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    ULONG entry;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->CqLock, &handle);
    for (;;) {
        entry = StorPortReadRegisterUlong(adapter, adapter->CqEntry);
        if (entry == DP_CQ_EMPTY) {
            break;                                  /* lock held: released below */
        }
        adapter->CqHead++;
        KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);            // ok: QueuedSpinLockRelease
        if (DpComplete(adapter, entry)) {
            return;                                 /* lock already dropped */
        }
        KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->CqLock, &handle);
    }
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);                // ok: QueuedSpinLockRelease
}

ULONG
DpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDP_ADAPTER adapter = (PDP_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CqLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DpInitialize(PVOID DeviceExtension)
{
    PDP_ADAPTER adapter = (PDP_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->DoneDpc, DpDoneDpc);
    return TRUE;
}

BOOLEAN
DpInterrupt(PVOID DeviceExtension)
{
    PDP_ADAPTER adapter = (PDP_ADAPTER)DeviceExtension;

    return StorPortIssueDpc(adapter, &adapter->DoneDpc, NULL, NULL);
}

BOOLEAN
DpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PDP_ADAPTER adapter = (PDP_ADAPTER)DeviceExtension;

    adapter->Slots[Srb->QueueTag % DP_SLOTS] = Srb;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(DP_ADAPTER);
    init.HwFindAdapter = DpFindAdapter;
    init.HwInitialize = DpInitialize;
    init.HwInterrupt = DpInterrupt;
    init.HwStartIo = DpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
