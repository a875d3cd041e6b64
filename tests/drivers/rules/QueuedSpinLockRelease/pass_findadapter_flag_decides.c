// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=pass
// expect-kind: physical
/*
 * The decision is made in HwStorFindAdapter and kept in the device extension:
 * `SerializeAbort` is set only on controllers with a single abort mailbox. The
 * HwStorAdapterControl routine (ScsiStopAdapter) takes the abort lock when the flag is
 * set and releases on the same flag, through a helper that gets the handle. Across the
 * two callbacks the path remembers the flag, so every release goes through a handle
 * holding the lock. (Written as `adapter->SerializeAbort != FALSE` in one place and
 * `if (adapter->SerializeAbort)` in the other, to make the correlation less literal.)
 */

#include <storport.h>

typedef struct _FD_ADAPTER {
    KSPIN_LOCK AbortLock;
    BOOLEAN SerializeAbort;
    ULONG AbortMailboxes;
    ULONG Aborted;
} FD_ADAPTER, *PFD_ADAPTER;

static VOID
FdAbortDone(PFD_ADAPTER Adapter, PKLOCK_QUEUE_HANDLE Handle)
{
    Adapter->Aborted++;
    if (Adapter->SerializeAbort != FALSE) {
        KeReleaseInStackQueuedSpinLock(Handle);                         // ok: QueuedSpinLockRelease
    }
}

ULONG
FdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFD_ADAPTER adapter = (PFD_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->AbortLock);
    adapter->AbortMailboxes = ConfigInfo->NumberOfBuses;
    if (adapter->AbortMailboxes <= 1) {
        adapter->SerializeAbort = TRUE;
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
FdAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PFD_ADAPTER adapter = (PFD_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    if (ControlType == ScsiQuerySupportedControlTypes) {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    }
    if (ControlType != ScsiStopAdapter) {
        return ScsiAdapterControlUnsuccessful;
    }
    if (adapter->SerializeAbort) {
        KeAcquireInStackQueuedSpinLock(&adapter->AbortLock, &handle);
    }
    FdAbortDone(adapter, &handle);
    return ScsiAdapterControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FD_ADAPTER);
    init.HwFindAdapter = FdFindAdapter;
    init.HwInitialize = FdInitialize;
    init.HwStartIo = FdStartIo;
    init.HwAdapterControl = FdAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
