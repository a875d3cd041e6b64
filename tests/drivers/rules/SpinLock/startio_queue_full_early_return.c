// check-rules: SpinLock
// expect-status: SpinLock=defect
// expect-kind: physical
/*
 * Early return while holding the lock. HwStorStartIo puts each read/write on a
 * software queue guarded by `PendingLock` (KeAcquireSpinLock). When the queue is full
 * it sets SRB_STATUS_BUSY, completes the request and returns TRUE -- without releasing
 * the lock. `Depth` starts at 0 but the queue size comes from a controller register (it
 * reads 0 while the firmware is still starting), so the full branch is feasible on the
 * first request. The violation is the callback exit, the `return` inside the full
 * branch; the normal `return` after the release is fine, and so is the non-I/O branch
 * that never takes the lock.
 */

#include <storport.h>

#define QF_MAX_QUEUE 64

typedef struct _QF_ADAPTER {
    KSPIN_LOCK PendingLock;
    ULONG Depth;
    ULONG QueueSize;
    PULONG QueueDepthReg;
    PSCSI_REQUEST_BLOCK Pending[QF_MAX_QUEUE];
} QF_ADAPTER, *PQF_ADAPTER;

static ULONG
QfQueueSizeFromController(PQF_ADAPTER Adapter)
{
    ULONG size = StorPortReadRegisterUlong(Adapter, Adapter->QueueDepthReg) & 0xFF;

    return size > QF_MAX_QUEUE ? QF_MAX_QUEUE : size;
}

ULONG
QfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PQF_ADAPTER adapter = (PQF_ADAPTER)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    KeInitializeSpinLock(&adapter->PendingLock);
    adapter->QueueSize = QfQueueSizeFromController(adapter);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 32;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
QfInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
QfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PQF_ADAPTER adapter = (PQF_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                                        // ok: SpinLock -- lock not taken yet
    }

    KeAcquireSpinLock(&adapter->PendingLock, &oldIrql);
    if (adapter->Depth >= adapter->QueueSize) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                                        // expect: SpinLock
    }
    adapter->Pending[adapter->Depth] = Srb;
    adapter->Depth++;
    KeReleaseSpinLock(&adapter->PendingLock, oldIrql);
    return TRUE;                                            // ok: SpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(QF_ADAPTER);
    init.HwFindAdapter = QfFindAdapter;
    init.HwInitialize = QfInitialize;
    init.HwStartIo = QfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
