// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=pass
// expect-kind: physical
/*
 * Every monitored call inside an open region, with the less common forms: a guarded
 * region (KeEnterGuardedRegion also disables normal kernel APCs) in the driver's own
 * DriverUnload (chained in after StorPortInitialize), and ExAcquireSharedStarveExclusive,
 * ExAcquireSharedWaitForExclusive and ExReleaseResourceForThreadLite inside a critical
 * region in a Storport work item.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _GD_EXTENSION {
    PULONG Registers;
    PVOID Worker;
    ULONG Snapshot;
} GD_EXTENSION, *PGD_EXTENSION;

ERESOURCE GdAdapterListLock;
ULONG GdAdapterCount;
DRIVER_UNLOAD *GdStorPortUnload;

VOID
GdUnload(PDRIVER_OBJECT DriverObject)
{
    KeEnterGuardedRegion();
    ExAcquireResourceExclusiveLite(&GdAdapterListLock, TRUE);           // ok: WithinCriticalRegion
    GdAdapterCount = 0;
    ExReleaseResourceLite(&GdAdapterListLock);                          // ok: WithinCriticalRegion
    KeLeaveGuardedRegion();
    ExDeleteResourceLite(&GdAdapterListLock);
    if (GdStorPortUnload != NULL) {
        GdStorPortUnload(DriverObject);
    }
}

VOID
GdSnapshotWorkItem(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PGD_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    KeEnterCriticalRegion();
    if (ExAcquireSharedStarveExclusive(&GdAdapterListLock, FALSE)) {    // ok: WithinCriticalRegion
        ext->Snapshot = GdAdapterCount;
        ExReleaseResourceForThreadLite(&GdAdapterListLock, ExGetCurrentResourceThread()); // ok: WithinCriticalRegion
    } else {
        ExAcquireSharedWaitForExclusive(&GdAdapterListLock, TRUE);      // ok: WithinCriticalRegion
        ext->Snapshot = GdAdapterCount;
        ExReleaseResourceLite(&GdAdapterListLock);                      // ok: WithinCriticalRegion
    }
    KeLeaveCriticalRegion();
    StorPortFreeWorker(ext, Worker);
}

BOOLEAN
GdPassiveInitialize(PVOID DeviceExtension)
{
    PGD_EXTENSION ext = DeviceExtension;

    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    StorPortQueueWorkItem(ext, GdSnapshotWorkItem, ext->Worker, NULL);
    return TRUE;
}

ULONG
GdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PGD_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
GdInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, GdPassiveInitialize);
}

BOOLEAN
GdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    ExInitializeResourceLite(&GdAdapterListLock);
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(GD_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = GdFindAdapter;
    init.HwInitialize = GdInitialize;
    init.HwStartIo = GdStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
    if (NT_SUCCESS(status)) {
        GdStorPortUnload = DriverObject->DriverUnload;
        DriverObject->DriverUnload = GdUnload;
    }
    return status;
}
