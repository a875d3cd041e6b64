// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=pass
// expect-kind: physical
/*
 * Both acquire routines count. The Storport DPC takes `ReplyLock` with
 * KeAcquireSpinLockRaiseToDpc and HwStorStartIo takes it with KeAcquireSpinLock; both
 * release with KeReleaseSpinLock, the documented pair for either. A rule that knew
 * only KeAcquireSpinLock would report the DPC's release as "not held". FindAdapter
 * also takes and releases the lock once while it resets the reply ring.
 */

#include <storport.h>

#define RD_REPLIES 32

typedef struct _RD_ADAPTER {
    KSPIN_LOCK ReplyLock;
    STOR_DPC ReplyDpc;
    ULONG ReplyHead;
    ULONG Posted;
    PULONG ReplyReg;
} RD_ADAPTER, *PRD_ADAPTER;

VOID RdReplyDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

ULONG
RdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeInitializeSpinLock(&adapter->ReplyLock);
    KeAcquireSpinLock(&adapter->ReplyLock, &oldIrql);
    adapter->ReplyHead = 0;
    adapter->Posted = 0;
    KeReleaseSpinLock(&adapter->ReplyLock, oldIrql);        // ok: SpinLockRelease
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RdInitialize(PVOID DeviceExtension)
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->ReplyDpc, RdReplyDpc);
    return TRUE;
}

BOOLEAN
RdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->ReplyLock, &oldIrql);
    adapter->Posted++;
    KeReleaseSpinLock(&adapter->ReplyLock, oldIrql);        // ok: SpinLockRelease
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

VOID
RdReplyDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    ULONG produced;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->ReplyLock);
    produced = StorPortReadRegisterUlong(adapter, adapter->ReplyReg) % RD_REPLIES;
    while (adapter->ReplyHead != produced) {
        adapter->ReplyHead = (adapter->ReplyHead + 1) % RD_REPLIES;
    }
    KeReleaseSpinLock(&adapter->ReplyLock, oldIrql);        // ok: SpinLockRelease
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RD_ADAPTER);
    init.HwFindAdapter = RdFindAdapter;
    init.HwInitialize = RdInitialize;
    init.HwStartIo = RdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
