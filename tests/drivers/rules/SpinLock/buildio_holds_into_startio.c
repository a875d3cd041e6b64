// check-rules: SpinLock, SpinLockRelease
// expect-status: SpinLock=defect, SpinLockRelease=pass
// expect-kind: physical
/*
 * A lock carried from one callback into the next. HwStorBuildIo takes `SgLock` to build
 * the scatter/gather descriptor and returns TRUE still holding it, "so that StartIo
 * posts the descriptor before anyone else builds one"; HwStorStartIo releases it.
 * Storport may run other callbacks, on other processors, between the two: BuildIo's
 * exit with the lock held is a SpinLock violation (at its `return TRUE`).
 * SpinLockRelease is a different question: on the harness's StartIo path (BuildIo,
 * then StartIo with the same SRB, only where BuildIo returned TRUE) the lock *was*
 * acquired on the path and not released, so StartIo's release is legal for that rule
 * (pass). The BuildIo exit that completes a bad SRB releases first and is fine.
 */

#include <storport.h>

typedef struct _BS_ADAPTER {
    KSPIN_LOCK SgLock;
    ULONG DescriptorsBuilt;
    ULONG DescriptorsPosted;
    ULONG MaxTransfer;
} BS_ADAPTER, *PBS_ADAPTER;

ULONG
BsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PBS_ADAPTER adapter = (PBS_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->SgLock);
    adapter->MaxTransfer = 0x80000;
    ConfigInfo->MaximumTransferLength = adapter->MaxTransfer;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
BsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
BsBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PBS_ADAPTER adapter = (PBS_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->SgLock, &oldIrql);
    if (Srb->DataTransferLength > adapter->MaxTransfer) {
        KeReleaseSpinLock(&adapter->SgLock, oldIrql);
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, adapter, Srb);
        return FALSE;                                       // ok: SpinLock
    }
    adapter->DescriptorsBuilt++;
    Srb->SrbExtension = (PVOID)(ULONG_PTR)oldIrql;          /* "StartIo releases" */
    return TRUE;                                            // expect: SpinLock
}

BOOLEAN
BsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PBS_ADAPTER adapter = (PBS_ADAPTER)DeviceExtension;

    adapter->DescriptorsPosted++;
    KeReleaseSpinLock(&adapter->SgLock, (KIRQL)(ULONG_PTR)Srb->SrbExtension);  // ok: SpinLockRelease
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(BS_ADAPTER);
    init.HwFindAdapter = BsFindAdapter;
    init.HwInitialize = BsInitialize;
    init.HwBuildIo = BsBuildIo;
    init.HwStartIo = BsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
