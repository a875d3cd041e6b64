// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=defect
// expect-kind: physical
/*
 * A `break` out of a locked region inside a loop. The Storport DPC drains the
 * completion queue: each iteration takes `DoneLock` with KeAcquireSpinLockRaiseToDpc,
 * pops one entry and releases -- except that the "queue empty" test `break`s out of
 * the loop before the release. After the loop the DPC just returns, so the lock is
 * still held at its exit (the closing brace). The ring indexes come from a device
 * register, so "empty" is feasible on any iteration, the first included.
 */

#include <storport.h>

#define LB_DEPTH 16

typedef struct _LB_ADAPTER {
    KSPIN_LOCK DoneLock;
    STOR_DPC DoneDpc;
    PULONG ProducerReg;
    ULONG Consumer;
    PSCSI_REQUEST_BLOCK Done[LB_DEPTH];
} LB_ADAPTER, *PLB_ADAPTER;

VOID LbDoneDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

ULONG
LbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLB_ADAPTER adapter = (PLB_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->DoneLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LbInitialize(PVOID DeviceExtension)
{
    PLB_ADAPTER adapter = (PLB_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->DoneDpc, LbDoneDpc);
    return TRUE;
}

BOOLEAN
LbInterrupt(PVOID DeviceExtension)
{
    PLB_ADAPTER adapter = (PLB_ADAPTER)DeviceExtension;

    StorPortIssueDpc(adapter, &adapter->DoneDpc, NULL, NULL);
    return TRUE;
}

BOOLEAN
LbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

VOID
LbDoneDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PLB_ADAPTER adapter = (PLB_ADAPTER)DeviceExtension;
    PSCSI_REQUEST_BLOCK srb;
    KIRQL oldIrql;
    ULONG budget;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    for (budget = 0; budget < LB_DEPTH; budget++) {
        oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->DoneLock);   // ok: SpinLockDpc -- released before the next iteration
        if (StorPortReadRegisterUlong(adapter, adapter->ProducerReg) == adapter->Consumer) {
            break;                                          /* empty: leaves with DoneLock held */
        }
        srb = adapter->Done[adapter->Consumer];
        adapter->Done[adapter->Consumer] = NULL;
        adapter->Consumer = (adapter->Consumer + 1) % LB_DEPTH;
        KeReleaseSpinLock(&adapter->DoneLock, oldIrql);
        if (srb != NULL) {
            srb->SrbStatus = SRB_STATUS_SUCCESS;
            StorPortNotification(RequestComplete, adapter, srb);
        }
    }
}                                                           // expect: SpinLockDpc

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(LB_ADAPTER);
    init.HwFindAdapter = LbFindAdapter;
    init.HwInitialize = LbInitialize;
    init.HwInterrupt = LbInterrupt;
    init.HwStartIo = LbStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
