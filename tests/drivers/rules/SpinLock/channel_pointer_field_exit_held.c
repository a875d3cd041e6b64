// check-rules: SpinLock, SpinLockRelease
// expect-status: SpinLock=defect, SpinLockRelease=defect
// expect-kind: physical
/*
 * A lock inside a struct reached through a pointer field. FindAdapter points
 * `Adapter->Active` at channel 0 and `Adapter->Standby` at channel 1 of the embedded
 * channel array. The timer routine (registered with RequestTimerCall) takes the
 * active channel's lock through `Adapter->Active->Lock` but, after a copy-paste slip,
 * releases `&Adapter->Standby->Lock` -- channel 1's lock, which nobody holds.
 *   - SpinLockRelease: that release is of a lock not held on the path (at the call).
 *   - SpinLock: channel 0's lock is still held when the timer routine falls off its
 *     end (reported at the closing brace).
 * The outstanding count comes from a device register, so both branches are feasible.
 * The timer's first branch, which releases the right lock, is fine for both rules.
 */

#include <storport.h>

typedef struct _CP_CHANNEL {
    KSPIN_LOCK Lock;
    ULONG Outstanding;
    ULONG Stalls;
} CP_CHANNEL, *PCP_CHANNEL;

typedef struct _CP_ADAPTER {
    CP_CHANNEL Channels[2];
    PCP_CHANNEL Active;
    PCP_CHANNEL Standby;
    ULONG TimerInterval;
    PULONG OutstandingReg;
} CP_ADAPTER, *PCP_ADAPTER;

VOID CpWatchdog(PVOID DeviceExtension);

ULONG
CpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCP_ADAPTER adapter = (PCP_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->Channels[0].Lock);
    KeInitializeSpinLock(&adapter->Channels[1].Lock);
    adapter->Active = &adapter->Channels[0];
    adapter->Standby = &adapter->Channels[1];
    adapter->TimerInterval = 500000;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CpInitialize(PVOID DeviceExtension)
{
    PCP_ADAPTER adapter = (PCP_ADAPTER)DeviceExtension;

    StorPortNotification(RequestTimerCall, adapter, CpWatchdog, adapter->TimerInterval);
    return TRUE;
}

BOOLEAN
CpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

VOID
CpWatchdog(PVOID DeviceExtension)
{
    PCP_ADAPTER adapter = (PCP_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->Active->Lock, &oldIrql);
    adapter->Active->Outstanding = StorPortReadRegisterUlong(adapter, adapter->OutstandingReg);
    if (adapter->Active->Outstanding == 0) {
        KeReleaseSpinLock(&adapter->Active->Lock, oldIrql);      // ok: SpinLockRelease
        StorPortNotification(RequestTimerCall, adapter, CpWatchdog, adapter->TimerInterval);
        return;                                                  // ok: SpinLock
    }
    adapter->Active->Stalls++;
    KeReleaseSpinLock(&adapter->Standby->Lock, oldIrql);         // expect: SpinLockRelease
    StorPortNotification(RequestTimerCall, adapter, CpWatchdog, adapter->TimerInterval);
}                                                                // expect: SpinLock

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(CP_ADAPTER);
    init.HwFindAdapter = CpFindAdapter;
    init.HwInitialize = CpInitialize;
    init.HwStartIo = CpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
