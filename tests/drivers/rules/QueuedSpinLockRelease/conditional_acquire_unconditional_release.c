// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * Acquire on a condition, release always. HwStorStartIo takes the write-ordering lock
 * only for writes with Force Unit Access (decided by the CDB, unknown to the harness)
 * but releases unconditionally: on the paths where the request is a read or a plain
 * write the release goes through a handle never used to acquire. Reported at the
 * release (the FUA paths are fine). This is the rule's own example.
 */

#include <storport.h>

typedef struct _CA_ADAPTER {
    KSPIN_LOCK OrderingLock;
    ULONG FuaWrites;
    ULONG Requests;
} CA_ADAPTER, *PCA_ADAPTER;

static BOOLEAN
CaNeedsOrdering(PSCSI_REQUEST_BLOCK Srb)
{
    PCDB cdb = (PCDB)Srb->Cdb;

    return cdb->CDB10.OperationCode == SCSIOP_WRITE && cdb->CDB10.ForceUnitAccess;
}

ULONG
CaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCA_ADAPTER adapter = (PCA_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->OrderingLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
CaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PCA_ADAPTER adapter = (PCA_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    if (CaNeedsOrdering(Srb)) {
        KeAcquireInStackQueuedSpinLock(&adapter->OrderingLock, &handle);
        adapter->FuaWrites++;
    }
    adapter->Requests++;
    KeReleaseInStackQueuedSpinLock(&handle);                            // expect: QueuedSpinLockRelease
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(CA_ADAPTER);
    init.HwFindAdapter = CaFindAdapter;
    init.HwInitialize = CaInitialize;
    init.HwStartIo = CaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
