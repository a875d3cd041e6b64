// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * Lock order inverted in a DPC. The completion DPC takes the interrupt lock to snapshot
 * the completion queue, and while still holding it calls a requeue helper that takes
 * the StartIo lock to put retried requests back on the pending list. DpcLock and
 * StartIoLock must come first and InterruptLock last: taking the StartIo lock while the
 * interrupt lock is held (by the miniport, here) deadlocks against Storport's own
 * StartIo-then-Interrupt order. Reported at the acquire inside the helper, which only
 * runs when a retry is pending (a completion status the path does not decide).
 *
 * The other order, used by the unit-control routine (StartIo lock, then interrupt
 * lock), is fine and not reported.
 */

#include <storport.h>

typedef struct _CQE {
    USHORT Tag;
    USHORT Status;
} CQE, *PCQE;

typedef struct _HBA_EXT {
    PCQE CompletionQueue;
    ULONG CqHead;
    ULONG CqDepth;
    ULONG RetryCount;
    ULONG PendingRetries;
    STOR_DPC CompletionDpc;
} HBA_EXT, *PHBA_EXT;

HW_PASSIVE_INITIALIZE_ROUTINE HbaPassiveInit;

static VOID
HbaRequeueRetries(PHBA_EXT Ext, ULONG Count)
{
    STOR_LOCK_HANDLE queueHandle;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &queueHandle);  // expect: StorPortSpinLock3
    Ext->PendingRetries += Count;
    StorPortReleaseSpinLock(Ext, &queueHandle);
}

VOID
HbaCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                 PVOID SystemArgument2)
{
    PHBA_EXT ext = (PHBA_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;
    ULONG retries = 0;
    PCQE cqe;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    cqe = &ext->CompletionQueue[ext->CqHead];
    if (cqe->Status != 0) {
        retries++;
    }
    ext->CqHead = (ext->CqHead + 1) % ext->CqDepth;
    if (retries != 0) {
        HbaRequeueRetries(ext, retries);
    }
    StorPortReleaseSpinLock(ext, &intHandle);
}

SCSI_UNIT_CONTROL_STATUS
HbaUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType,
               PVOID Parameters)
{
    PHBA_EXT ext = (PHBA_EXT)DeviceExtension;
    STOR_LOCK_HANDLE queueHandle;
    STOR_LOCK_HANDLE intHandle;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType != ScsiUnitStop) {
        return ScsiUnitControlUnsuccessful;
    }
    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &queueHandle);  // ok: StorPortSpinLock3
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    ext->PendingRetries = 0;
    StorPortReleaseSpinLock(ext, &intHandle);
    StorPortReleaseSpinLock(ext, &queueHandle);
    return ScsiUnitControlSuccess;
}

ULONG
HbaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PHBA_EXT ext = (PHBA_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->CqDepth = 128;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    ext->CompletionQueue = (PCQE)StorPortGetUncachedExtension(ext, ConfigInfo,
                                                              ext->CqDepth * sizeof(CQE));
    if (ext->CompletionQueue == NULL) {
        return SP_RETURN_ERROR;
    }
    StorPortEnablePassiveInitialization(ext, HbaPassiveInit);
    return SP_RETURN_FOUND;
}

BOOLEAN
HbaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HbaPassiveInit(PVOID DeviceExtension)
{
    PHBA_EXT ext = (PHBA_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->CompletionDpc, HbaCompletionDpc);
    return TRUE;
}

BOOLEAN
HbaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_PENDING;
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HbaInterrupt(PVOID DeviceExtension)
{
    PHBA_EXT ext = (PHBA_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(HBA_EXT);
    init.HwFindAdapter = HbaFindAdapter;
    init.HwInitialize = HbaInitialize;
    init.HwStartIo = HbaStartIo;
    init.HwInterrupt = HbaInterrupt;
    init.HwUnitControl = HbaUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
