// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=defect
// expect-kind: physical
/*
 * Early `return;` in an HW_TIMER routine. HwStorInitialize arms the timer with
 * StorPortNotification(RequestTimerCall, ...); the routine takes `TimeoutLock` with
 * KeAcquireSpinLockRaiseToDpc, and when no command is outstanding it returns early --
 * forgetting both the release and the re-arm. The outstanding count is read from a
 * controller register, so both branches are feasible. The violation is the early
 * `return;` (the callback's exit); the exit after the release is fine.
 */

#include <storport.h>

typedef struct _TR_ADAPTER {
    KSPIN_LOCK TimeoutLock;
    PULONG OutstandingReg;
    ULONG Ticks;
    ULONG Timeouts;
} TR_ADAPTER, *PTR_ADAPTER;

VOID TrTimer(PVOID DeviceExtension);

ULONG
TrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PTR_ADAPTER adapter = (PTR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TimeoutLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
TrInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, TrTimer, 250000);
    return TRUE;
}

BOOLEAN
TrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

VOID
TrTimer(PVOID DeviceExtension)
{
    PTR_ADAPTER adapter = (PTR_ADAPTER)DeviceExtension;
    ULONG outstanding;
    KIRQL oldIrql;

    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->TimeoutLock);
    adapter->Ticks++;
    outstanding = StorPortReadRegisterUlong(adapter, adapter->OutstandingReg);
    if (outstanding == 0) {
        return;                                             // expect: SpinLockDpc
    }
    if (adapter->Ticks > 40) {
        adapter->Timeouts++;
        adapter->Ticks = 0;
    }
    KeReleaseSpinLock(&adapter->TimeoutLock, oldIrql);
    StorPortNotification(RequestTimerCall, adapter, TrTimer, 250000);
}                                                           // ok: SpinLockDpc

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(TR_ADAPTER);
    init.HwFindAdapter = TrFindAdapter;
    init.HwInitialize = TrInitialize;
    init.HwStartIo = TrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
