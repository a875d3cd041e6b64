// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=pass
// expect-kind: physical
/*
 * The handle is reached through a pointer stashed in the device extension. While
 * HwStorStartIo holds the submission lock, it records `&handle` in
 * `adapter->SubmitHandle` so that the error helper, called from deep in the command
 * builder, can drop the lock before it completes the SRB; the helper releases through
 * `Adapter->SubmitHandle` and clears the pointer, and StartIo releases itself only when
 * the pointer is still set. Same object, different spelling: every release goes through
 * StartIo's `handle` while it holds the lock.
 */

#include <storport.h>

typedef struct _PS_ADAPTER {
    KSPIN_LOCK SubmitLock;
    PKLOCK_QUEUE_HANDLE SubmitHandle;
    ULONG Built;
    ULONG Failed;
} PS_ADAPTER, *PPS_ADAPTER;

static VOID
PsFailLocked(PPS_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    Adapter->Failed++;
    KeReleaseInStackQueuedSpinLock(Adapter->SubmitHandle);             // ok: QueuedSpinLockRelease
    Adapter->SubmitHandle = NULL;
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    StorPortNotification(RequestComplete, Adapter, Srb);
}

static VOID
PsBuildCommand(PPS_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->CdbLength > 16) {
        PsFailLocked(Adapter, Srb);
        return;
    }
    Adapter->Built++;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

ULONG
PsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPS_ADAPTER adapter = (PPS_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->SubmitLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
PsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPS_ADAPTER adapter = (PPS_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&adapter->SubmitLock, &handle);
    adapter->SubmitHandle = &handle;
    PsBuildCommand(adapter, Srb);
    if (adapter->SubmitHandle != NULL) {
        adapter->SubmitHandle = NULL;
        KeReleaseInStackQueuedSpinLock(&handle);                        // ok: QueuedSpinLockRelease
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
    }
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(PS_ADAPTER);
    init.HwFindAdapter = PsFindAdapter;
    init.HwInitialize = PsInitialize;
    init.HwStartIo = PsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
