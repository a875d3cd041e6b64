// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=defect
// expect-kind: physical
/*
 * Released twice: once in a helper, once by the caller. HwStorStartIo takes `QueueLock`
 * and, for a request the queue cannot take, calls DrRejectLocked, which -- despite its
 * name -- releases the lock before completing the SRB. StartIo then releases again on
 * its common exit. The second KeReleaseSpinLock is on a lock no longer held on the
 * path: the violation is StartIo's release, reached only through the reject branch
 * (the accept branch releases once). The lock is yes/no, so it does not matter that it
 * was acquired once and released twice "in total".
 */

#include <storport.h>

#define DR_DEPTH 32

typedef struct _DR_ADAPTER {
    KSPIN_LOCK QueueLock;
    ULONG Depth;
    ULONG Rejected;
    PULONG CreditReg;
} DR_ADAPTER, *PDR_ADAPTER;

static VOID
DrRejectLocked(PDR_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb, KIRQL OldIrql)
{
    Adapter->Rejected++;
    KeReleaseSpinLock(&Adapter->QueueLock, OldIrql);        // ok: SpinLockRelease -- the first release
    Srb->SrbStatus = SRB_STATUS_BUSY;
    StorPortNotification(RequestComplete, Adapter, Srb);
}

ULONG
DrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDR_ADAPTER adapter = (PDR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
DrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PDR_ADAPTER adapter = (PDR_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    ULONG credits;

    KeAcquireSpinLock(&adapter->QueueLock, &oldIrql);
    credits = StorPortReadRegisterUlong(adapter, adapter->CreditReg);
    if (credits == 0 || adapter->Depth >= DR_DEPTH) {
        DrRejectLocked(adapter, Srb, oldIrql);
    } else {
        adapter->Depth++;
        Srb->SrbStatus = SRB_STATUS_PENDING;
    }
    KeReleaseSpinLock(&adapter->QueueLock, oldIrql);        // expect: SpinLockRelease
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(DR_ADAPTER);
    init.HwFindAdapter = DrFindAdapter;
    init.HwInitialize = DrInitialize;
    init.HwStartIo = DrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
