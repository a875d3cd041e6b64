// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=pass
// expect-kind: physical
/*
 * A stray release behind a field that is never written. A "lock hand-off" mode was
 * planned: StartIo would leave `XferLock` held and set `adapter->HandoffPending`, and
 * the DPC would release it. Only the DPC half was written: `if
 * (adapter->HandoffPending) KeReleaseSpinLock(...)`. Nothing ever sets the field, and
 * the harness's device extension is zero-filled, so on every path it reads FALSE and the
 * release is dead. The DPC's own acquire/release pair is balanced. `pass`.
 */

#include <storport.h>

typedef struct _ZH_ADAPTER {
    KSPIN_LOCK XferLock;
    BOOLEAN HandoffPending;         /* never written */
    KIRQL HandoffIrql;
    STOR_DPC XferDpc;
    ULONG Transfers;
} ZH_ADAPTER, *PZH_ADAPTER;

VOID ZhXferDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

ULONG
ZhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PZH_ADAPTER adapter = (PZH_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->XferLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ZhInitialize(PVOID DeviceExtension)
{
    PZH_ADAPTER adapter = (PZH_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->XferDpc, ZhXferDpc);
    return TRUE;
}

BOOLEAN
ZhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PZH_ADAPTER adapter = (PZH_ADAPTER)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_PENDING;
    StorPortIssueDpc(adapter, &adapter->XferDpc, Srb, NULL);
    return TRUE;
}

VOID
ZhXferDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PZH_ADAPTER adapter = (PZH_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    if (adapter->HandoffPending) {
        adapter->HandoffPending = FALSE;
        KeReleaseSpinLock(&adapter->XferLock, adapter->HandoffIrql);   // ok: SpinLockRelease -- dead: the field reads 0
    }
    KeAcquireSpinLock(&adapter->XferLock, &oldIrql);
    adapter->Transfers++;
    KeReleaseSpinLock(&adapter->XferLock, oldIrql);         // ok: SpinLockRelease
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(ZH_ADAPTER);
    init.HwFindAdapter = ZhFindAdapter;
    init.HwInitialize = ZhInitialize;
    init.HwStartIo = ZhStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
