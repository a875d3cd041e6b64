// check-rules: QueuedSpinLock, QueuedSpinLockRelease
// expect-status: QueuedSpinLock=pass, QueuedSpinLockRelease=pass
// expect-kind: physical
/*
 * The release reached through a function pointer, and a release in `__finally`.
 * HwStorFindAdapter fills an operations table in the device extension according to the
 * controller generation (both generations' unlock routines release through the handle
 * they get). HwStorStartIo takes the ring lock inside `__try`, may `__leave` early for
 * an empty transfer, and releases in `__finally` through `adapter->Ops.UnlockRing`. The
 * pointer is resolved on each path to the routine FindAdapter stored, `__finally` runs
 * on the `__leave` path as well, and the handle holds the ring lock at the release:
 * nothing is held at the exit and nothing is released twice.
 */

#include <storport.h>

typedef VOID (*OT_UNLOCK_ROUTINE)(PKLOCK_QUEUE_HANDLE Handle);

typedef struct _OT_OPS {
    OT_UNLOCK_ROUTINE UnlockRing;
} OT_OPS;

typedef struct _OT_ADAPTER {
    KSPIN_LOCK RingLock;
    OT_OPS Ops;
    ULONG Generation;
    ULONG Posted;
} OT_ADAPTER, *POT_ADAPTER;

static VOID
OtUnlockRingGen1(PKLOCK_QUEUE_HANDLE Handle)
{
    KeReleaseInStackQueuedSpinLock(Handle);                             // ok: QueuedSpinLockRelease
}

static VOID
OtUnlockRingGen2(PKLOCK_QUEUE_HANDLE Handle)
{
    KeMemoryBarrier();
    KeReleaseInStackQueuedSpinLock(Handle);                             // ok: QueuedSpinLockRelease
}

ULONG
OtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    POT_ADAPTER adapter = (POT_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->RingLock);
    adapter->Generation = ConfigInfo->SystemIoBusNumber & 1 ? 2 : 1;
    adapter->Ops.UnlockRing = adapter->Generation == 2 ? OtUnlockRingGen2 : OtUnlockRingGen1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
OtInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
OtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    POT_ADAPTER adapter = (POT_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    __try {
        KeAcquireInStackQueuedSpinLock(&adapter->RingLock, &handle);
        if (Srb->DataTransferLength == 0) {
            __leave;
        }
        adapter->Posted++;
    } __finally {
        adapter->Ops.UnlockRing(&handle);
    }
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;                                                        // ok: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(OT_ADAPTER);
    init.HwFindAdapter = OtFindAdapter;
    init.HwInitialize = OtInitialize;
    init.HwStartIo = OtStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
