// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: virtual
/*
 * Two entry points sharing a handle in the device extension. A virtual miniport's
 * HwStorStartIo takes the backend-channel lock through `adapter->ChannelHandle` and
 * releases it before returning (fine). Its HwFreeAdapterResources "makes sure the
 * channel is unlocked" by releasing `adapter->ChannelHandle` unconditionally -- but on
 * the path that runs HwFreeAdapterResources, nothing acquired through that handle (the
 * harness runs one callback after initialization; the zero-filled device extension's
 * handle holds nothing). Reported at HwFreeAdapterResources' release only.
 */

#include <storport.h>

typedef struct _DH_ADAPTER {
    KSPIN_LOCK ChannelLock;
    KLOCK_QUEUE_HANDLE ChannelHandle;
    ULONG Sent;
    PVOID Backend;
} DH_ADAPTER, *PDH_ADAPTER;

ULONG
DhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PDH_ADAPTER adapter = (PDH_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->ChannelLock);
    adapter->Backend = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DhInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
DhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PDH_ADAPTER adapter = (PDH_ADAPTER)DeviceExtension;

    KeAcquireInStackQueuedSpinLock(&adapter->ChannelLock, &adapter->ChannelHandle);
    adapter->Sent++;
    KeReleaseInStackQueuedSpinLock(&adapter->ChannelHandle);            // ok: QueuedSpinLockRelease
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

VOID
DhFreeAdapterResources(PVOID DeviceExtension)
{
    PDH_ADAPTER adapter = (PDH_ADAPTER)DeviceExtension;

    KeReleaseInStackQueuedSpinLock(&adapter->ChannelHandle);            // expect: QueuedSpinLockRelease
    adapter->Backend = NULL;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(DH_ADAPTER);
    init.HwFindAdapter = DhFindAdapter;
    init.HwInitialize = DhInitialize;
    init.HwStartIo = DhStartIo;
    init.HwFreeAdapterResources = DhFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
