// check-rules: SpinLockRelease, SpinLock
// expect-status: SpinLockRelease=defect, SpinLock=defect
// expect-kind: physical
/*
 * A lock handed from one callback to another. HwStorStartIo takes `HwLock` to program
 * the controller and leaves it held "until the command completes"; the Storport DPC it
 * queues releases it. The two callbacks never run on one harness path (initialisation,
 * then one callback), and Storport may run anything in between:
 *   - SpinLock: StartIo returns with HwLock held (at its `return TRUE`);
 *   - SpinLockRelease: on the DPC's path the lock was never acquired, so the DPC's
 *     KeReleaseSpinLock is a release of a lock not held (at the release).
 */

#include <storport.h>

typedef struct _SR_ADAPTER {
    KSPIN_LOCK HwLock;
    KIRQL HwLockIrql;
    STOR_DPC CompletionDpc;
    PULONG CommandReg;
} SR_ADAPTER, *PSR_ADAPTER;

VOID SrCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

ULONG
SrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSR_ADAPTER adapter = (PSR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->HwLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SrInitialize(PVOID DeviceExtension)
{
    PSR_ADAPTER adapter = (PSR_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->CompletionDpc, SrCompletionDpc);
    return TRUE;
}

BOOLEAN
SrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSR_ADAPTER adapter = (PSR_ADAPTER)DeviceExtension;

    KeAcquireSpinLock(&adapter->HwLock, &adapter->HwLockIrql);
    StorPortWriteRegisterUlong(adapter, adapter->CommandReg, Srb->Cdb[0]);
    StorPortIssueDpc(adapter, &adapter->CompletionDpc, Srb, NULL);
    return TRUE;                                            // expect: SpinLock
}

VOID
SrCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PSR_ADAPTER adapter = (PSR_ADAPTER)DeviceExtension;
    PSCSI_REQUEST_BLOCK srb = (PSCSI_REQUEST_BLOCK)Arg1;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg2);
    KeReleaseSpinLock(&adapter->HwLock, adapter->HwLockIrql);   // expect: SpinLockRelease
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
    init.DeviceExtensionSize = sizeof(SR_ADAPTER);
    init.HwFindAdapter = SrFindAdapter;
    init.HwInitialize = SrInitialize;
    init.HwStartIo = SrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
