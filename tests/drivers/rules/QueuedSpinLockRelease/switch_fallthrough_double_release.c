// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * A `switch` with a missing `break`. HwStorStartIo takes the mode-page lock, then each
 * case releases it itself. The MODE_SELECT case forgets its `break` and falls into the
 * MODE_SENSE case, whose release goes through the handle MODE_SELECT already released.
 * Only the SCSIOP_MODE_SELECT path reaches the second release with nothing held; the
 * same line is fine for MODE_SENSE itself, and the default case releases once.
 */

#include <storport.h>

typedef struct _SF_ADAPTER {
    KSPIN_LOCK ModePageLock;
    UCHAR CachingPage[20];
    ULONG ModeSelects;
    ULONG ModeSenses;
} SF_ADAPTER, *PSF_ADAPTER;

ULONG
SfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSF_ADAPTER adapter = (PSF_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->ModePageLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SfInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSF_ADAPTER adapter = (PSF_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&adapter->ModePageLock, &handle);
    switch (Srb->Cdb[0]) {
    case SCSIOP_MODE_SELECT:
        adapter->ModeSelects++;
        adapter->CachingPage[2] = 0x04;
        KeReleaseInStackQueuedSpinLock(&handle);                        // ok: QueuedSpinLockRelease
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        /* missing break */
    case SCSIOP_MODE_SENSE:
        adapter->ModeSenses++;
        KeReleaseInStackQueuedSpinLock(&handle);                        // expect: QueuedSpinLockRelease
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    default:
        KeReleaseInStackQueuedSpinLock(&handle);                        // ok: QueuedSpinLockRelease
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }
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
    init.DeviceExtensionSize = sizeof(SF_ADAPTER);
    init.HwFindAdapter = SfFindAdapter;
    init.HwInitialize = SfInitialize;
    init.HwStartIo = SfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
