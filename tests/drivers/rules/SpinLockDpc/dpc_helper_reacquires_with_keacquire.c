// check-rules: SpinLockDpc, SpinLock
// expect-status: SpinLockDpc=defect, SpinLock=pass
// expect-kind: physical
/*
 * A lock taken with KeAcquireSpinLockRaiseToDpc, re-acquired by a helper with the other
 * acquire routine. The Storport DPC takes `CompletionLock` with
 * KeAcquireSpinLockRaiseToDpc and, for a request that failed with a check condition,
 * calls DhRecordSense, which takes the same lock with KeAcquireSpinLock. SpinLockDpc
 * checks both acquire routines against the locks it tracks: violation at the helper's
 * KeAcquireSpinLock. SpinLock tracks only locks taken with KeAcquireSpinLock, and
 * CompletionLock was not (it was taken with RaiseToDpc), so SpinLock sees no re-acquire:
 * pass.
 */

#include <storport.h>

typedef struct _DH_ADAPTER {
    KSPIN_LOCK CompletionLock;
    STOR_DPC CompletionDpc;
    ULONG SenseErrors;
    UCHAR LastSenseKey;
    ULONG Completed;
} DH_ADAPTER, *PDH_ADAPTER;

VOID DhCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

static VOID
DhRecordSense(PDH_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    KIRQL irql;
    PUCHAR sense = (PUCHAR)Srb->SenseInfoBuffer;

    KeAcquireSpinLock(&Adapter->CompletionLock, &irql);    // expect: SpinLockDpc // ok: SpinLock
    Adapter->SenseErrors++;
    if (sense != NULL && Srb->SenseInfoBufferLength > 2) {
        Adapter->LastSenseKey = sense[2] & 0xF;
    }
    KeReleaseSpinLock(&Adapter->CompletionLock, irql);
}

ULONG
DhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDH_ADAPTER adapter = (PDH_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CompletionLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DhInitialize(PVOID DeviceExtension)
{
    PDH_ADAPTER adapter = (PDH_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->CompletionDpc, DhCompletionDpc);
    return TRUE;
}

BOOLEAN
DhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PDH_ADAPTER adapter = (PDH_ADAPTER)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_PENDING;
    StorPortIssueDpc(adapter, &adapter->CompletionDpc, Srb, NULL);
    return TRUE;
}

VOID
DhCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PDH_ADAPTER adapter = (PDH_ADAPTER)DeviceExtension;
    PSCSI_REQUEST_BLOCK srb = (PSCSI_REQUEST_BLOCK)Arg1;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg2);
    if (srb == NULL) {
        return;
    }
    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->CompletionLock);
    adapter->Completed++;
    if (srb->ScsiStatus == SCSISTAT_CHECK_CONDITION) {
        DhRecordSense(adapter, srb);
    }
    KeReleaseSpinLock(&adapter->CompletionLock, oldIrql);
    srb->SrbStatus = srb->ScsiStatus == SCSISTAT_GOOD ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;
    StorPortNotification(RequestComplete, adapter, srb);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(DH_ADAPTER);
    init.HwFindAdapter = DhFindAdapter;
    init.HwInitialize = DhInitialize;
    init.HwStartIo = DhStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
