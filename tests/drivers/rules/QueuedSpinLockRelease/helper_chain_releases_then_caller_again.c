// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * The handle travels three levels down and is released there; the caller does not know
 * and releases it again. HwStorStartIo takes the LUN lock and calls HcDispatch ->
 * HcFailRequest -> HcUnlock for a reservation conflict; HcUnlock releases through the
 * handle pointer it was given. Back in StartIo the common exit releases the same
 * handle: a release through a handle that holds no lock any more. The location is the
 * caller's release, not the helper's (that one is the legitimate first release).
 */

#include <storport.h>

typedef struct _HC_ADAPTER {
    KSPIN_LOCK LunLock;
    ULONG ReservationHolder;
    ULONG Conflicts;
    ULONG Dispatched;
} HC_ADAPTER, *PHC_ADAPTER;

static VOID
HcUnlock(PKLOCK_QUEUE_HANDLE Handle)
{
    KeReleaseInStackQueuedSpinLock(Handle);                             // ok: QueuedSpinLockRelease
}

static VOID
HcFailRequest(PHC_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb, PKLOCK_QUEUE_HANDLE Handle)
{
    Adapter->Conflicts++;
    HcUnlock(Handle);
    Srb->SrbStatus = SRB_STATUS_ERROR;
    Srb->ScsiStatus = SCSISTAT_RESERVATION_CONFLICT;
}

static BOOLEAN
HcDispatch(PHC_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb, PKLOCK_QUEUE_HANDLE Handle)
{
    if (Adapter->ReservationHolder != 0 && Adapter->ReservationHolder != Srb->TargetId + 1u) {
        HcFailRequest(Adapter, Srb, Handle);
        return FALSE;
    }
    Adapter->Dispatched++;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    return TRUE;
}

ULONG
HcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHC_ADAPTER adapter = (PHC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->LunLock);
    adapter->ReservationHolder = ConfigInfo->InitiatorBusId[0];   /* persisted by firmware */
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PHC_ADAPTER adapter = (PHC_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&adapter->LunLock, &handle);
    (VOID)HcDispatch(adapter, Srb, &handle);
    KeReleaseInStackQueuedSpinLock(&handle);                            // expect: QueuedSpinLockRelease
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
    init.DeviceExtensionSize = sizeof(HC_ADAPTER);
    init.HwFindAdapter = HcFindAdapter;
    init.HwInitialize = HcInitialize;
    init.HwStartIo = HcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
