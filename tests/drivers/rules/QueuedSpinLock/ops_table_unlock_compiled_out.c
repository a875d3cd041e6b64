// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * A release reached through a function pointer with two possible targets, one of which
 * does not release. HwStorFindAdapter fills an operations table in the device extension
 * by controller generation; the generation-1 unlock routine rings the doorbell and was
 * meant to release the ring lock too, but that release is under `#ifdef
 * OG_GEN1_LOCKED_RING`, which nothing defines, so it is compiled out. On the
 * generation-1 paths HwStorStartIo's `__finally` calls a routine that leaves the lock
 * held, and StartIo returns holding it: the spec's verdict is a defect at that `return`.
 *
 * Of the pointer's two targets only the releasing one reaches a watched call; the
 * other is taken as code that changes nothing the rule tracks, so its path, with the
 * lock still held, is followed too.
 */

#include <storport.h>

typedef struct _OG_ADAPTER *POG_ADAPTER;
typedef VOID (*OG_UNLOCK_ROUTINE)(POG_ADAPTER Adapter, PKLOCK_QUEUE_HANDLE Handle);

typedef struct _OG_OPS {
    OG_UNLOCK_ROUTINE UnlockRing;
} OG_OPS;

typedef struct _OG_ADAPTER {
    KSPIN_LOCK RingLock;
    OG_OPS Ops;
    ULONG Generation;
    ULONG Posted;
    PULONG Doorbell;
} OG_ADAPTER;

static VOID
OgUnlockRingGen1(POG_ADAPTER Adapter, PKLOCK_QUEUE_HANDLE Handle)
{
    UNREFERENCED_PARAMETER(Handle);
    StorPortWriteRegisterUlong(Adapter, Adapter->Doorbell, 1);
#ifdef OG_GEN1_LOCKED_RING
    KeReleaseInStackQueuedSpinLock(Handle);
#endif
}

static VOID
OgUnlockRingGen2(POG_ADAPTER Adapter, PKLOCK_QUEUE_HANDLE Handle)
{
    UNREFERENCED_PARAMETER(Adapter);
    KeMemoryBarrier();
    KeReleaseInStackQueuedSpinLock(Handle);
}

ULONG
OgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    POG_ADAPTER adapter = (POG_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->RingLock);
    adapter->Generation = ConfigInfo->SystemIoBusNumber & 1 ? 2 : 1;
    adapter->Ops.UnlockRing = adapter->Generation == 2 ? OgUnlockRingGen2 : OgUnlockRingGen1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
OgInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
OgStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    POG_ADAPTER adapter = (POG_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    __try {
        KeAcquireInStackQueuedSpinLock(&adapter->RingLock, &handle);
        if (Srb->DataTransferLength == 0) {
            __leave;
        }
        adapter->Posted++;
    } __finally {
        adapter->Ops.UnlockRing(adapter, &handle);
    }
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;                                    // expect: QueuedSpinLock -- generation-1 path holds RingLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(OG_ADAPTER);
    init.HwFindAdapter = OgFindAdapter;
    init.HwInitialize = OgInitialize;
    init.HwStartIo = OgStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
