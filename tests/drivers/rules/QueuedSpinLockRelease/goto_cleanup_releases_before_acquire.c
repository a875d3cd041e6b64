// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * goto-cleanup where the cleanup label always releases. HwStorStartIo validates the
 * request and, when the LUN is out of range, does `goto Fail` -- jumping over the
 * acquire to a cleanup block that releases unconditionally. That path releases through
 * a handle never used to acquire (reported at the release under `Fail:`); the paths
 * that took the lock first and then failed, or succeeded, release once through a
 * handle that holds it.
 */

#include <storport.h>

#define GR_LUNS 8

typedef struct _GR_ADAPTER {
    KSPIN_LOCK LunLock;
    ULONG LunBusy[GR_LUNS];
    PULONG Doorbell;
} GR_ADAPTER, *PGR_ADAPTER;

ULONG
GrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PGR_ADAPTER adapter = (PGR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->LunLock);
    ConfigInfo->MaximumNumberOfLogicalUnits = GR_LUNS;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
GrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGR_ADAPTER adapter = (PGR_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    UCHAR status;

    if (Srb->Lun >= GR_LUNS) {
        status = SRB_STATUS_INVALID_LUN;
        goto Fail;
    }
    KeAcquireInStackQueuedSpinLock(&adapter->LunLock, &handle);
    if (adapter->LunBusy[Srb->Lun] != 0) {
        status = SRB_STATUS_BUSY;
        goto Fail;
    }
    adapter->LunBusy[Srb->Lun] = 1;
    StorPortWriteRegisterUlong(adapter, adapter->Doorbell, Srb->Lun);
    KeReleaseInStackQueuedSpinLock(&handle);                            // ok: QueuedSpinLockRelease
    return TRUE;

Fail:
    KeReleaseInStackQueuedSpinLock(&handle);                            // expect: QueuedSpinLockRelease
    Srb->SrbStatus = status;
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
    init.DeviceExtensionSize = sizeof(GR_ADAPTER);
    init.HwFindAdapter = GrFindAdapter;
    init.HwInitialize = GrInitialize;
    init.HwStartIo = GrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
