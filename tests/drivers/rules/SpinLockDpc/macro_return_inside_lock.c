// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=defect
// expect-kind: physical
/*
 * A `return` hidden in a macro. The driver's MR_FAIL_IF(cond, status) macro completes
 * the SRB and returns TRUE when `cond` holds -- handy before the lock, a bug after it.
 * HwStorStartIo uses it twice before taking `TagLock` (fine) and once inside the
 * locked region, where it leaves with the lock held. The violation is reported at the
 * line of the macro invocation that expands to the offending `return`. MR_LOCK /
 * MR_UNLOCK wrap KeAcquireSpinLockRaiseToDpc / KeReleaseSpinLock.
 */

#include <storport.h>

#define MR_LOCK(a)          KeAcquireSpinLockRaiseToDpc(&(a)->TagLock)
#define MR_UNLOCK(a, irql)  KeReleaseSpinLock(&(a)->TagLock, (irql))
#define MR_FAIL_IF(cond, a, srb, status)                      \
    if (cond) {                                               \
        (srb)->SrbStatus = (status);                          \
        StorPortNotification(RequestComplete, (a), (srb));    \
        return TRUE;                                          \
    }

#define MR_TAGS 32

typedef struct _MR_ADAPTER {
    KSPIN_LOCK TagLock;
    ULONG TagsInUse;
    ULONG MaxTransfer;
    PULONG TagReg;
} MR_ADAPTER, *PMR_ADAPTER;

ULONG
MrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PMR_ADAPTER adapter = (PMR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TagLock);
    adapter->MaxTransfer = 0x20000;
    ConfigInfo->MaximumTransferLength = adapter->MaxTransfer;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
MrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
MrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PMR_ADAPTER adapter = (PMR_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    MR_FAIL_IF(Srb->Function != SRB_FUNCTION_EXECUTE_SCSI,    // ok: SpinLockDpc
               adapter, Srb, SRB_STATUS_INVALID_REQUEST);
    MR_FAIL_IF(Srb->DataTransferLength > adapter->MaxTransfer,  // ok: SpinLockDpc
               adapter, Srb, SRB_STATUS_INVALID_REQUEST);

    oldIrql = MR_LOCK(adapter);
    adapter->TagsInUse = StorPortReadRegisterUlong(adapter, adapter->TagReg);
    MR_FAIL_IF(adapter->TagsInUse >= MR_TAGS, adapter, Srb, SRB_STATUS_BUSY);   // expect: SpinLockDpc
    adapter->TagsInUse++;
    MR_UNLOCK(adapter, oldIrql);
    StorPortWriteRegisterUlong(adapter, adapter->TagReg, adapter->TagsInUse);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MR_ADAPTER);
    init.HwFindAdapter = MrFindAdapter;
    init.HwInitialize = MrInitialize;
    init.HwStartIo = MrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
