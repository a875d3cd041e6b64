// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=defect
// expect-kind: physical
/*
 * A `switch` case that falls through into another case's acquire. HwStorStartIo
 * handles SRB_FUNCTION_SHUTDOWN by taking `CacheLock` (KeAcquireSpinLockRaiseToDpc)
 * and marking the cache for flush, and is meant to reuse the SRB_FUNCTION_FLUSH code
 * below -- but it falls through without releasing, and the FLUSH case starts by taking
 * `CacheLock` itself. The re-acquire is the FLUSH case's acquire, reached from the
 * SHUTDOWN case; a plain FLUSH request reaches the same line with the lock free, which
 * is fine (one location, reported once).
 */

#include <storport.h>

typedef struct _SF_ADAPTER {
    KSPIN_LOCK CacheLock;
    BOOLEAN FlushOnShutdown;
    ULONG DirtyLines;
    ULONG Flushes;
} SF_ADAPTER, *PSF_ADAPTER;

ULONG
SfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSF_ADAPTER adapter = (PSF_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CacheLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->CachesData = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SfInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSF_ADAPTER adapter = (PSF_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    switch (Srb->Function) {
    case SRB_FUNCTION_SHUTDOWN:
        oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->CacheLock);
        adapter->FlushOnShutdown = TRUE;
        /* fall through: flush as well */
    case SRB_FUNCTION_FLUSH:
        oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->CacheLock);   // expect: SpinLockDpc
        adapter->Flushes++;
        adapter->DirtyLines = 0;
        KeReleaseSpinLock(&adapter->CacheLock, oldIrql);
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    case SRB_FUNCTION_EXECUTE_SCSI:
        oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->CacheLock);   // ok: SpinLockDpc
        adapter->DirtyLines++;
        KeReleaseSpinLock(&adapter->CacheLock, oldIrql);
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SF_ADAPTER);
    init.HwFindAdapter = SfFindAdapter;
    init.HwInitialize = SfInitialize;
    init.HwStartIo = SfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
