// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * Two entry points splitting one acquire/release pair. For a pass-through SRB that
 * carries an IRP (Srb->OriginalRequest), the virtual miniport's HwStorStartIo takes the
 * cancel spin lock, clears the IRP's cancel routine and queues a Storport work item to
 * forward it -- "the work item will release the lock when the IRP is on its way". A
 * lock may not outlive the callback that took it:
 *  - StartIo path: HwStorStartIo returns holding the cancel spin lock (at its
 *    `return TRUE` after the queueing);
 *  - work-item path (the harness runs the HW_WORKITEM after initialization, where no
 *    StartIo ran): the work item's IoReleaseCancelSpinLock releases a lock nobody holds
 *    (at the release).
 * Plain SRBs on the StartIo path take and drop the lock properly.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _TW_ADAPTER {
    PVOID Worker;
    PIRP ForwardIrp;
    KIRQL ForwardIrql;
    ULONG Forwarded;
} TW_ADAPTER, *PTW_ADAPTER;

VOID
TwForwardWorker(PVOID HwDeviceExtension, PVOID Context, PVOID Worker)
{
    PTW_ADAPTER adapter = (PTW_ADAPTER)HwDeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    adapter->Forwarded++;
    IoReleaseCancelSpinLock(adapter->ForwardIrql);                      // expect: CancelSpinLock
}

ULONG
TwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
TwInitialize(PVOID DeviceExtension)
{
    PTW_ADAPTER adapter = (PTW_ADAPTER)DeviceExtension;

    return StorPortInitializeWorker(adapter, &adapter->Worker) == STOR_STATUS_SUCCESS;
}

BOOLEAN
TwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTW_ADAPTER adapter = (PTW_ADAPTER)DeviceExtension;
    PIRP irp = (PIRP)Srb->OriginalRequest;
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);
    IoSetCancelRoutine(irp, NULL);
    if (Srb->Function == SRB_FUNCTION_IO_CONTROL) {
        adapter->ForwardIrp = irp;
        adapter->ForwardIrql = irql;
        StorPortQueueWorkItem(adapter, TwForwardWorker, adapter->Worker, Srb);
        return TRUE;                                                    // expect: CancelSpinLock
    }
    IoReleaseCancelSpinLock(irql);                                      // ok: CancelSpinLock
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;                                                        // ok: CancelSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(TW_ADAPTER);
    init.HwFindAdapter = TwFindAdapter;
    init.HwInitialize = TwInitialize;
    init.HwStartIo = TwStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
