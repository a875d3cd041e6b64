// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * A handle released twice. HwStorBuildIo builds the scatter/gather descriptor under the
 * descriptor-pool lock. When StorPortGetScatterGatherList returns no list, the error
 * branch releases and falls through to the common release below instead of returning:
 * the second release goes through a handle that holds no lock any more (it was released
 * three lines earlier). Reported at the second release, on the error path only.
 */

#include <storport.h>

typedef struct _DR_ADAPTER {
    KSPIN_LOCK PoolLock;
    ULONG DescriptorsInUse;
    ULONG SgFailures;
} DR_ADAPTER, *PDR_ADAPTER;

typedef struct _DR_SRB_EXT {
    ULONG Descriptor;
    ULONG Elements;
} DR_SRB_EXT, *PDR_SRB_EXT;

ULONG
DrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDR_ADAPTER adapter = (PDR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->PoolLock);
    ConfigInfo->ScatterGather = TRUE;
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
DrBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PDR_ADAPTER adapter = (PDR_ADAPTER)DeviceExtension;
    PDR_SRB_EXT srbExt = (PDR_SRB_EXT)Srb->SrbExtension;
    PSTOR_SCATTER_GATHER_LIST sgl;
    KLOCK_QUEUE_HANDLE handle;
    BOOLEAN ok = TRUE;

    KeAcquireInStackQueuedSpinLock(&adapter->PoolLock, &handle);
    sgl = StorPortGetScatterGatherList(adapter, Srb);
    if (sgl == NULL) {
        adapter->SgFailures++;
        KeReleaseInStackQueuedSpinLock(&handle);                        // ok: QueuedSpinLockRelease
        Srb->SrbStatus = SRB_STATUS_ERROR;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        ok = FALSE;
    } else {
        srbExt->Descriptor = adapter->DescriptorsInUse++;
        srbExt->Elements = sgl->NumberOfElements;
    }
    KeReleaseInStackQueuedSpinLock(&handle);                            // expect: QueuedSpinLockRelease
    return ok;
}

BOOLEAN
DrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
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
    init.DeviceExtensionSize = sizeof(DR_ADAPTER);
    init.SrbExtensionSize = sizeof(DR_SRB_EXT);
    init.HwFindAdapter = DrFindAdapter;
    init.HwInitialize = DrInitialize;
    init.HwBuildIo = DrBuildIo;
    init.HwStartIo = DrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
