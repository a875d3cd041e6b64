// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=pass
// expect-kind: physical
/*
 * A dead branch the zero-filled device extension decides. The Storport DPC takes
 * `DoneLock` with KeAcquireSpinLockRaiseToDpc and, `if (adapter->SurpriseRemoved)`,
 * returns at once without releasing (a real bug if it could run). Nothing in the driver
 * ever writes SurpriseRemoved -- the PnP code that used to set it is gone -- and the
 * device extension the harness passes starts zero-filled, so the field reads 0 and the
 * early return is infeasible on every path. The monitored calls are reachable:
 * `pass`, not `not_applicable`.
 */

#include <storport.h>

typedef struct _ZS_ADAPTER {
    KSPIN_LOCK DoneLock;
    BOOLEAN SurpriseRemoved;        /* never written */
    STOR_DPC DoneDpc;
    ULONG Completed;
} ZS_ADAPTER, *PZS_ADAPTER;

VOID ZsDoneDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

ULONG
ZsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PZS_ADAPTER adapter = (PZS_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->DoneLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ZsInitialize(PVOID DeviceExtension)
{
    PZS_ADAPTER adapter = (PZS_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->DoneDpc, ZsDoneDpc);
    return TRUE;
}

BOOLEAN
ZsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PZS_ADAPTER adapter = (PZS_ADAPTER)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_PENDING;
    StorPortIssueDpc(adapter, &adapter->DoneDpc, Srb, NULL);
    return TRUE;
}

VOID
ZsDoneDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PZS_ADAPTER adapter = (PZS_ADAPTER)DeviceExtension;
    PSCSI_REQUEST_BLOCK srb = (PSCSI_REQUEST_BLOCK)Arg1;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg2);
    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->DoneLock);
    if (adapter->SurpriseRemoved) {
        return;                                             // ok: SpinLockDpc -- the field reads 0
    }
    adapter->Completed++;
    KeReleaseSpinLock(&adapter->DoneLock, oldIrql);
    if (srb != NULL) {
        srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, adapter, srb);
    }
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(ZS_ADAPTER);
    init.HwFindAdapter = ZsFindAdapter;
    init.HwInitialize = ZsInitialize;
    init.HwStartIo = ZsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
