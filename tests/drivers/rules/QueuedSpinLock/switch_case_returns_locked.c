// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * HwStorStartIo takes the per-adapter command lock before a `switch` on the SRB
 * function; every case is supposed to leave through the common release after the
 * switch. The SRB_FUNCTION_FLUSH case short-circuits an empty write cache with a
 * `return` inside the case, skipping the release. The RESET_DEVICE case's nested acquire
 * is of a different (reset) lock and is fine; the default case and the EXECUTE_SCSI
 * case reach the release.
 */

#include <storport.h>

typedef struct _SW_ADAPTER {
    KSPIN_LOCK CommandLock;
    KSPIN_LOCK ResetLock;
    ULONG DirtyBlocks;
    ULONG Commands;
    ULONG DeviceResets;
} SW_ADAPTER, *PSW_ADAPTER;

ULONG
SwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSW_ADAPTER adapter = (PSW_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CommandLock);
    KeInitializeSpinLock(&adapter->ResetLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSW_ADAPTER adapter = (PSW_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE command;
    KLOCK_QUEUE_HANDLE reset;

    KeAcquireInStackQueuedSpinLock(&adapter->CommandLock, &command);
    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        adapter->Commands++;
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    case SRB_FUNCTION_FLUSH:
        if (adapter->DirtyBlocks == 0) {
            Srb->SrbStatus = SRB_STATUS_SUCCESS;
            StorPortNotification(RequestComplete, DeviceExtension, Srb);
            return TRUE;                                        // expect: QueuedSpinLock
        }
        adapter->DirtyBlocks = 0;
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    case SRB_FUNCTION_RESET_DEVICE:
        KeAcquireInStackQueuedSpinLock(&adapter->ResetLock, &reset);   // ok: QueuedSpinLock
        adapter->DeviceResets++;
        KeReleaseInStackQueuedSpinLock(&reset);
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }
    KeReleaseInStackQueuedSpinLock(&command);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;                                                // ok: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SW_ADAPTER);
    init.HwFindAdapter = SwFindAdapter;
    init.HwInitialize = SwInitialize;
    init.HwStartIo = SwStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
