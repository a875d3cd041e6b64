// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * The "drop the lock to complete, take it back" loop, with one exit that forgets it
 * dropped the lock. The Storport DPC drains the hardware completion queue under the
 * queue lock (AtDpcLevel); for each entry it releases the lock (FromDpcLevel) to
 * complete the SRB and re-takes it before reading the next entry. When an entry reports
 * a surprise removal, the loop breaks out *before* re-taking the lock, and the release
 * after the loop then goes through a handle that holds nothing. Reported at the release
 * after the loop (only on that path; the "queue empty" exit holds the lock and is fine).
 * The queue entries come from a register, so every iteration count is feasible on the
 * DPC path (the harness runs the DPC right after initialization).
 */

#include <storport.h>

#define DL_SLOTS          32
#define DL_CQ_EMPTY       0xFFFFFFFF
#define DL_CQ_REMOVED     0x80000000

typedef struct _DL_ADAPTER {
    STOR_DPC DoneDpc;
    KSPIN_LOCK CqLock;
    ULONG CqHead;
    PULONG CqEntry;
    PSCSI_REQUEST_BLOCK Slots[DL_SLOTS];
} DL_ADAPTER, *PDL_ADAPTER;

static BOOLEAN
DlComplete(PDL_ADAPTER Adapter, ULONG Entry)
{
    PSCSI_REQUEST_BLOCK srb = Adapter->Slots[Entry % DL_SLOTS];

    if (srb != NULL) {
        Adapter->Slots[Entry % DL_SLOTS] = NULL;
        srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, Adapter, srb);
    }
    return (Entry & DL_CQ_REMOVED) != 0;
}

VOID
DlDoneDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
          PVOID SystemArgument2)
{
    PDL_ADAPTER adapter = (PDL_ADAPTER)HwDeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    ULONG entry;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->CqLock, &handle);
    for (;;) {
        entry = StorPortReadRegisterUlong(adapter, adapter->CqEntry);
        if (entry == DL_CQ_EMPTY) {
            break;                                  /* lock held: released below */
        }
        adapter->CqHead++;
        KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);            // ok: QueuedSpinLockRelease
        if (DlComplete(adapter, entry)) {
            break;                                  /* lock NOT held */
        }
        KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->CqLock, &handle);
    }
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);                // expect: QueuedSpinLockRelease
}

ULONG
DlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDL_ADAPTER adapter = (PDL_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CqLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DlInitialize(PVOID DeviceExtension)
{
    PDL_ADAPTER adapter = (PDL_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->DoneDpc, DlDoneDpc);
    return TRUE;
}

BOOLEAN
DlInterrupt(PVOID DeviceExtension)
{
    PDL_ADAPTER adapter = (PDL_ADAPTER)DeviceExtension;

    return StorPortIssueDpc(adapter, &adapter->DoneDpc, NULL, NULL);
}

BOOLEAN
DlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PDL_ADAPTER adapter = (PDL_ADAPTER)DeviceExtension;

    adapter->Slots[Srb->QueueTag % DL_SLOTS] = Srb;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(DL_ADAPTER);
    init.HwFindAdapter = DlFindAdapter;
    init.HwInitialize = DlInitialize;
    init.HwInterrupt = DlInterrupt;
    init.HwStartIo = DlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
