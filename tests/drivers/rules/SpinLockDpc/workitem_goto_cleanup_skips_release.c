// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=defect
// expect-kind: physical
/*
 * goto-cleanup in a Storport work item. HwStorStartIo queues a "log page refresh" work
 * item with StorPortQueueWorkItem when it sees a unit attention. The work item
 * allocates a buffer (that failure path jumps to `Exit` before any lock: fine), then
 * takes `LogLock` with KeAcquireSpinLockRaiseToDpc to copy the page (device memory
 * FindAdapter mapped), and when the page header is bad it jumps to `Free` -- a label
 * after the release. The work item then returns with the lock held: the violation is
 * its single `return;`.
 */

#include <storport.h>

#define WG_TAG 'gLgW'
#define WG_PAGE 512

typedef struct _WG_ADAPTER {
    KSPIN_LOCK LogLock;
    PVOID Worker;
    PUCHAR LogPage;
    ULONG Refreshes;
} WG_ADAPTER, *PWG_ADAPTER;

VOID WgRefreshLogPage(PVOID DeviceExtension, PVOID Context, PVOID Worker);

ULONG
WgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PWG_ADAPTER adapter = (PWG_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->LogLock);
    adapter->LogPage = (PUCHAR)StorPortGetDeviceBase(adapter, ConfigInfo->AdapterInterfaceType,
                                                     ConfigInfo->SystemIoBusNumber,
                                                     (*ConfigInfo->AccessRanges)[0].RangeStart,
                                                     WG_PAGE, FALSE);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
WgInitialize(PVOID DeviceExtension)
{
    PWG_ADAPTER adapter = (PWG_ADAPTER)DeviceExtension;

    StorPortInitializeWorker(adapter, &adapter->Worker);
    return TRUE;
}

BOOLEAN
WgStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PWG_ADAPTER adapter = (PWG_ADAPTER)DeviceExtension;

    if (Srb->ScsiStatus == SCSISTAT_CHECK_CONDITION) {
        StorPortQueueWorkItem(adapter, WgRefreshLogPage, adapter->Worker, NULL);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

VOID
WgRefreshLogPage(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PWG_ADAPTER adapter = (PWG_ADAPTER)DeviceExtension;
    PUCHAR page = NULL;
    KIRQL oldIrql;
    ULONG i;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    if (StorPortAllocatePool(adapter, WG_PAGE, WG_TAG, (PVOID *)&page) != STOR_STATUS_SUCCESS) {
        goto Exit;                                          // ok: SpinLockDpc -- lock not taken
    }

    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->LogLock);
    if (adapter->LogPage == NULL || adapter->LogPage[0] != 0x2F) {
        goto Free;                                          /* skips the release */
    }
    for (i = 0; i < WG_PAGE; i++) {
        page[i] = adapter->LogPage[i];
    }
    adapter->Refreshes++;
    KeReleaseSpinLock(&adapter->LogLock, oldIrql);

Free:
    StorPortFreePool(adapter, page);
Exit:
    return;                                                 // expect: SpinLockDpc
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(WG_ADAPTER);
    init.HwFindAdapter = WgFindAdapter;
    init.HwInitialize = WgInitialize;
    init.HwStartIo = WgStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
