// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=defect
// expect-kind: physical
/*
 * The same lock in two entry points, only one of them wrong. HwStorStartIo and the
 * Storport DPC both take `ChannelLock` with KeAcquireSpinLockRaiseToDpc. StartIo
 * releases it on every path (its acquire and exits are fine). The DPC releases it on the
 * "completion" path but, when the controller reports a link-down, it notifies Storport
 * and returns early with the lock held -- a violation at the DPC's early `return;`
 * only. Each callback is checked on its own harness path (initialisation, then that
 * one callback), so StartIo's balanced use does not hide the DPC's leak, nor the other
 * way round.
 */

#include <storport.h>

#define SD_LINK_DOWN 0x1

typedef struct _SD_ADAPTER {
    KSPIN_LOCK ChannelLock;
    STOR_DPC ChannelDpc;
    PULONG EventReg;
    ULONG Issued;
    ULONG Completed;
} SD_ADAPTER, *PSD_ADAPTER;

VOID SdChannelDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

ULONG
SdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSD_ADAPTER adapter = (PSD_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->ChannelLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SdInitialize(PVOID DeviceExtension)
{
    PSD_ADAPTER adapter = (PSD_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->ChannelDpc, SdChannelDpc);
    return TRUE;
}

BOOLEAN
SdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSD_ADAPTER adapter = (PSD_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->ChannelLock);   // ok: SpinLockDpc
    adapter->Issued++;
    KeReleaseSpinLock(&adapter->ChannelLock, oldIrql);
    StorPortIssueDpc(adapter, &adapter->ChannelDpc, Srb, NULL);
    return TRUE;                                            // ok: SpinLockDpc
}

VOID
SdChannelDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PSD_ADAPTER adapter = (PSD_ADAPTER)DeviceExtension;
    PSCSI_REQUEST_BLOCK srb = (PSCSI_REQUEST_BLOCK)Arg1;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg2);
    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->ChannelLock);   // ok: SpinLockDpc
    if (StorPortReadRegisterUlong(adapter, adapter->EventReg) & SD_LINK_DOWN) {
        StorPortNotification(BusChangeDetected, adapter, 0);
        return;                                             // expect: SpinLockDpc
    }
    adapter->Completed++;
    KeReleaseSpinLock(&adapter->ChannelLock, oldIrql);
    if (srb != NULL) {
        srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, adapter, srb);
    }
}                                                           // ok: SpinLockDpc

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SD_ADAPTER);
    init.HwFindAdapter = SdFindAdapter;
    init.HwInitialize = SdInitialize;
    init.HwStartIo = SdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
