// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=pass
// expect-kind: virtual
/*
 * The cancel spin lock is held or not held, not counted: taking and dropping it once per
 * IRP in a loop is fine, however many iterations. The virtual miniport's work item
 * (StorPortQueueWorkItem, queued from StartIo) drains the completed-IRP list: for each
 * IRP it takes the cancel spin lock, clears the cancel routine, and releases; when the
 * cancel routine is already gone (Cancel is running) it releases and `continue`s. After
 * the loop a final acquire/release pair publishes the counter. The acquire inside the
 * loop is never an acquire-while-held: the previous iteration always released.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _LR_ADAPTER {
    PVOID Worker;
    LIST_ENTRY Completed;
    ULONG Finished;
    ULONG Published;
} LR_ADAPTER, *PLR_ADAPTER;

VOID
LrDrainWorker(PVOID HwDeviceExtension, PVOID Context, PVOID Worker)
{
    PLR_ADAPTER adapter = (PLR_ADAPTER)HwDeviceExtension;
    PLIST_ENTRY batch = (PLIST_ENTRY)Context;
    KIRQL irql;

    UNREFERENCED_PARAMETER(Worker);
    while (!IsListEmpty(batch)) {
        PLIST_ENTRY link = RemoveHeadList(batch);
        PIRP irp = CONTAINING_RECORD(link, IRP, Tail.Overlay.ListEntry);

        IoAcquireCancelSpinLock(&irql);                                 // ok: CancelSpinLock
        if (IoSetCancelRoutine(irp, NULL) == NULL) {
            IoReleaseCancelSpinLock(irql);
            continue;                                   /* the cancel routine owns it */
        }
        IoReleaseCancelSpinLock(irql);
        irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        adapter->Finished++;
    }
    IoAcquireCancelSpinLock(&irql);                                     // ok: CancelSpinLock
    adapter->Published = adapter->Finished;
    IoReleaseCancelSpinLock(irql);
}                                                                       // ok: CancelSpinLock

ULONG
LrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PLR_ADAPTER adapter = (PLR_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->Completed);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LrInitialize(PVOID DeviceExtension)
{
    PLR_ADAPTER adapter = (PLR_ADAPTER)DeviceExtension;

    return StorPortInitializeWorker(adapter, &adapter->Worker) == STOR_STATUS_SUCCESS;
}

BOOLEAN
LrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PLR_ADAPTER adapter = (PLR_ADAPTER)DeviceExtension;

    StorPortQueueWorkItem(adapter, LrDrainWorker, adapter->Worker, Srb->SrbExtension);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
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
    init.DeviceExtensionSize = sizeof(LR_ADAPTER);
    init.SrbExtensionSize = sizeof(LIST_ENTRY);
    init.HwFindAdapter = LrFindAdapter;
    init.HwInitialize = LrInitialize;
    init.HwStartIo = LrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
