// check-rules: SpinLock
// expect-status: SpinLock=defect
// expect-kind: physical
/*
 * goto-cleanup in a Storport DPC (registered with StorPortInitializeDpc in
 * HwStorInitialize, queued from the interrupt routine). The DPC validates the
 * completion entry before taking the lock -- those `goto Exit` jumps are fine -- then
 * takes `RingLock`, and when the entry's tag is out of range it does `goto Exit`
 * too; but `Exit:` is after the KeReleaseSpinLock, so that path leaves the DPC with the
 * ring lock held. A `void` routine: the violation is at its closing brace, the only
 * exit every path shares.
 */

#include <storport.h>

#define GD_SLOTS 32

typedef struct _GD_ADAPTER {
    KSPIN_LOCK RingLock;
    STOR_DPC CompletionDpc;
    PULONG CompletionReg;
    PSCSI_REQUEST_BLOCK Slots[GD_SLOTS];
    ULONG Head;
} GD_ADAPTER, *PGD_ADAPTER;

VOID GdCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

ULONG
GdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PGD_ADAPTER adapter = (PGD_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->RingLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GdInitialize(PVOID DeviceExtension)
{
    PGD_ADAPTER adapter = (PGD_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->CompletionDpc, GdCompletionDpc);
    return TRUE;
}

BOOLEAN
GdInterrupt(PVOID DeviceExtension)
{
    PGD_ADAPTER adapter = (PGD_ADAPTER)DeviceExtension;

    StorPortIssueDpc(adapter, &adapter->CompletionDpc, NULL, NULL);
    return TRUE;
}

BOOLEAN
GdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGD_ADAPTER adapter = (PGD_ADAPTER)DeviceExtension;

    adapter->Slots[Srb->QueueTag % GD_SLOTS] = Srb;
    return TRUE;
}

VOID
GdCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PGD_ADAPTER adapter = (PGD_ADAPTER)DeviceExtension;
    PSCSI_REQUEST_BLOCK srb;
    ULONG entry;
    ULONG tag;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    entry = StorPortReadRegisterUlong(adapter, adapter->CompletionReg);
    if (entry == 0xFFFFFFFF) {
        goto Exit;                                          // ok: SpinLock -- device gone, lock not taken
    }
    if ((entry & 0x80000000) == 0) {
        goto Exit;                                          // ok: SpinLock -- nothing completed
    }

    KeAcquireSpinLock(&adapter->RingLock, &oldIrql);
    tag = entry & 0xFFFF;
    if (tag >= GD_SLOTS) {
        goto Exit;                                          /* bad tag: skips the release */
    }
    srb = adapter->Slots[tag];
    adapter->Slots[tag] = NULL;
    adapter->Head++;
    KeReleaseSpinLock(&adapter->RingLock, oldIrql);

    if (srb != NULL) {
        srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, adapter, srb);
    }
Exit:
    ;
}                                                           // expect: SpinLock

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(GD_ADAPTER);
    init.HwFindAdapter = GdFindAdapter;
    init.HwInitialize = GdInitialize;
    init.HwInterrupt = GdInterrupt;
    init.HwStartIo = GdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
