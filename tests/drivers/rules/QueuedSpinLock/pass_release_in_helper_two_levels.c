// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * The handle leaves the routine that acquired it: HwStorStartIo takes the completion-queue
 * lock through `handle` and passes `&handle` to HlFinishRequest, which passes it on to
 * HlDropQueueLock, which releases it (two levels down). The release names only the
 * handle pointer; the rule must see that it is StartIo's `handle`, that it holds the
 * completion-queue lock, and that the lock is free again: StartIo's second acquire of
 * the same lock (through a fresh handle) and its exit are clean. On the short path
 * HlFinishRequest keeps the lock and StartIo releases it itself.
 */

#include <storport.h>

typedef struct _HL_ADAPTER {
    KSPIN_LOCK CqLock;
    ULONG CqHead;
    ULONG Completed;
    ULONG Pending;
} HL_ADAPTER, *PHL_ADAPTER;

static VOID
HlDropQueueLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    KeReleaseInStackQueuedSpinLock(LockHandle);
}

static BOOLEAN
HlFinishRequest(PHL_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb, PKLOCK_QUEUE_HANDLE LockHandle)
{
    Adapter->CqHead++;
    Adapter->Completed++;
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        return FALSE;                       /* caller still holds the lock */
    }
    HlDropQueueLock(LockHandle);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, Adapter, Srb);
    return TRUE;
}

ULONG
HlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHL_ADAPTER adapter = (PHL_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CqLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PHL_ADAPTER adapter = (PHL_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    KLOCK_QUEUE_HANDLE again;

    KeAcquireInStackQueuedSpinLock(&adapter->CqLock, &handle);
    if (!HlFinishRequest(adapter, Srb, &handle)) {
        KeReleaseInStackQueuedSpinLock(&handle);
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;                                                // ok: QueuedSpinLock
    }

    KeAcquireInStackQueuedSpinLock(&adapter->CqLock, &again);       // ok: QueuedSpinLock
    adapter->Pending = adapter->Pending > 0 ? adapter->Pending - 1 : 0;
    KeReleaseInStackQueuedSpinLock(&again);
    return TRUE;                                                    // ok: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(HL_ADAPTER);
    init.HwFindAdapter = HlFindAdapter;
    init.HwInitialize = HlInitialize;
    init.HwStartIo = HlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
