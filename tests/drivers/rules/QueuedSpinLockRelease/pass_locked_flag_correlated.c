// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=pass
// expect-kind: physical
/*
 * The fix of conditional_acquire_unconditional_release.c: the decision is taken once,
 * kept in a local `ordered`, and the release happens only when it is set. The check is
 * path-sensitive: the FUA paths acquire and release through the same handle, the other
 * paths do neither, and no path releases through an unused handle. A second decision on
 * the same local (a statistics update under the same condition) shows that the
 * correlation survives the code in between.
 */

#include <storport.h>

typedef struct _LF_ADAPTER {
    KSPIN_LOCK OrderingLock;
    ULONG FuaWrites;
    ULONG Requests;
} LF_ADAPTER, *PLF_ADAPTER;

static BOOLEAN
LfNeedsOrdering(PSCSI_REQUEST_BLOCK Srb)
{
    PCDB cdb = (PCDB)Srb->Cdb;

    return cdb->CDB10.OperationCode == SCSIOP_WRITE && cdb->CDB10.ForceUnitAccess;
}

ULONG
LfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLF_ADAPTER adapter = (PLF_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->OrderingLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LfInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
LfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PLF_ADAPTER adapter = (PLF_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    BOOLEAN ordered = LfNeedsOrdering(Srb);

    if (ordered) {
        KeAcquireInStackQueuedSpinLock(&adapter->OrderingLock, &handle);
    }
    adapter->Requests++;
    if (ordered) {
        adapter->FuaWrites++;
    }
    if (Srb->DataTransferLength == 0) {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }
    if (ordered) {
        KeReleaseInStackQueuedSpinLock(&handle);                        // ok: QueuedSpinLockRelease
    }
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
    init.DeviceExtensionSize = sizeof(LF_ADAPTER);
    init.HwFindAdapter = LfFindAdapter;
    init.HwInitialize = LfInitialize;
    init.HwStartIo = LfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
