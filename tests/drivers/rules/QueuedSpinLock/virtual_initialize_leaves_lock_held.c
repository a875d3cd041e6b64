// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: virtual
/*
 * Two entry points. A virtual miniport's HwStorInitialize (PASSIVE_LEVEL for virtual
 * miniports) "gates" I/O by taking the session lock through a handle kept in the device
 * extension, meaning the passive initialization routine to drop it once the backend
 * session is up. A queued spin lock may not outlive the callback that took it:
 * HwStorInitialize returns holding it (reported at its `return TRUE`).
 *
 * That is the first violation on every path that gets past initialization, so the
 * StartIo acquire of the same lock (a re-acquire, had the path gone on) is not reported
 * again. On the path where StorPortEnablePassiveInitialization fails, HwStorInitialize
 * releases the lock itself and returns FALSE: clean, and the harness stops there.
 */

#include <storport.h>

typedef struct _VG_ADAPTER {
    KSPIN_LOCK SessionLock;
    KLOCK_QUEUE_HANDLE GateHandle;
    BOOLEAN SessionUp;
    ULONG Requests;
} VG_ADAPTER, *PVG_ADAPTER;

BOOLEAN
VgPassiveInitialize(PVOID DeviceExtension)
{
    PVG_ADAPTER adapter = (PVG_ADAPTER)DeviceExtension;

    adapter->SessionUp = TRUE;
    KeReleaseInStackQueuedSpinLock(&adapter->GateHandle);
    return TRUE;
}

ULONG
VgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVG_ADAPTER adapter = (PVG_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->SessionLock);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VgInitialize(PVOID DeviceExtension)
{
    PVG_ADAPTER adapter = (PVG_ADAPTER)DeviceExtension;

    KeAcquireInStackQueuedSpinLock(&adapter->SessionLock, &adapter->GateHandle);
    if (!StorPortEnablePassiveInitialization(adapter, VgPassiveInitialize)) {
        KeReleaseInStackQueuedSpinLock(&adapter->GateHandle);
        return FALSE;                                           // ok: QueuedSpinLock
    }
    return TRUE;                                                // expect: QueuedSpinLock
}

BOOLEAN
VgStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVG_ADAPTER adapter = (PVG_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&adapter->SessionLock, &handle);   // ok: QueuedSpinLock
    adapter->Requests++;
    KeReleaseInStackQueuedSpinLock(&handle);
    Srb->SrbStatus = adapter->SessionUp ? SRB_STATUS_SUCCESS : SRB_STATUS_BUSY;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VG_ADAPTER);
    init.HwFindAdapter = VgFindAdapter;
    init.HwInitialize = VgInitialize;
    init.HwStartIo = VgStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
