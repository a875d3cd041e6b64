// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=defect
// expect-kind: physical
/*
 * A cleanup label that releases a lock the early error paths never took.
 * HwStorBuildIo validates the SRB and, on failure, does `goto Fail`; `Fail:` is shared
 * with the later "no descriptor" failure, which does hold `DescLock`, so the label
 * starts with KeReleaseSpinLock. Reached from the first two gotos the release is of a
 * lock not held on the path: a violation at that release (one location, whichever
 * goto led there). The path through the "no descriptor" failure is legal.
 */

#include <storport.h>

#define GE_DESCRIPTORS 16

typedef struct _GE_ADAPTER {
    KSPIN_LOCK DescLock;
    ULONG FreeDescriptors;
    ULONG MaxTransfer;
    PULONG DescReg;
} GE_ADAPTER, *PGE_ADAPTER;

ULONG
GeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PGE_ADAPTER adapter = (PGE_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->DescLock);
    adapter->MaxTransfer = 0x100000;
    ConfigInfo->MaximumTransferLength = adapter->MaxTransfer;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GeInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
GeBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGE_ADAPTER adapter = (PGE_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        goto Fail;
    }
    if (Srb->DataTransferLength > adapter->MaxTransfer) {
        goto Fail;
    }

    KeAcquireSpinLock(&adapter->DescLock, &oldIrql);
    adapter->FreeDescriptors = StorPortReadRegisterUlong(adapter, adapter->DescReg);
    if (adapter->FreeDescriptors == 0) {
        goto Fail;                                          /* holds DescLock: legal at Fail */
    }
    adapter->FreeDescriptors--;
    KeReleaseSpinLock(&adapter->DescLock, oldIrql);         // ok: SpinLockRelease
    return TRUE;

Fail:
    KeReleaseSpinLock(&adapter->DescLock, oldIrql);         // expect: SpinLockRelease
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    StorPortNotification(RequestComplete, adapter, Srb);
    return FALSE;
}

BOOLEAN
GeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(GE_ADAPTER);
    init.HwFindAdapter = GeFindAdapter;
    init.HwInitialize = GeInitialize;
    init.HwBuildIo = GeBuildIo;
    init.HwStartIo = GeStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
