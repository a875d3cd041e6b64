// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * Lock and unlock helpers. AhLockLun takes the LUN's queued lock through the handle its
 * caller passes and *returns holding it*; AhUnlockLun releases through the same handle.
 * "Callback exit" is the exit of the entry point, not of a helper: AhLockLun's `return`
 * with the lock held is not a violation, and HwStorStartIo, which pairs the two helpers
 * on every path (including the early "LUN offline" exit), returns with nothing held.
 * AhLockLun returns the LUN it locked; StartIo releases through the handle, never naming
 * the lock.
 */

#include <storport.h>

#define AH_LUNS 8

typedef struct _AH_LUN {
    KSPIN_LOCK Lock;
    BOOLEAN Offline;
    ULONG Queued;
} AH_LUN, *PAH_LUN;

typedef struct _AH_ADAPTER {
    AH_LUN Luns[AH_LUNS];
} AH_ADAPTER, *PAH_ADAPTER;

static PAH_LUN
AhLockLun(PAH_ADAPTER Adapter, UCHAR Lun, PKLOCK_QUEUE_HANDLE Handle)
{
    PAH_LUN lun = &Adapter->Luns[Lun % AH_LUNS];

    KeAcquireInStackQueuedSpinLock(&lun->Lock, Handle);
    return lun;                                                 // ok: QueuedSpinLock
}

static VOID
AhUnlockLun(PKLOCK_QUEUE_HANDLE Handle)
{
    KeReleaseInStackQueuedSpinLock(Handle);
}

ULONG
AhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAH_ADAPTER adapter = (PAH_ADAPTER)DeviceExtension;
    ULONG i;

    for (i = 0; i < AH_LUNS; i++) {
        KeInitializeSpinLock(&adapter->Luns[i].Lock);
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
AhInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
AhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PAH_ADAPTER adapter = (PAH_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    PAH_LUN lun;

    lun = AhLockLun(adapter, Srb->Lun, &handle);
    if (lun->Offline) {
        AhUnlockLun(&handle);
        Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;                                            // ok: QueuedSpinLock
    }
    lun->Queued++;
    AhUnlockLun(&handle);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
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
    init.DeviceExtensionSize = sizeof(AH_ADAPTER);
    init.HwFindAdapter = AhFindAdapter;
    init.HwInitialize = AhInitialize;
    init.HwStartIo = AhStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
