// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: physical
/*
 * A physical miniport and an OS entry point. The passive initialization routine gets
 * the lower device object (StorPortGetDeviceObjects), sends it a query IRP and
 * registers PcQueryDone as its completion routine with the device extension as context.
 * The harness runs the completion routine as the one callback after initialization.
 * PcQueryDone takes the cancel spin lock to hand the result to a pended "status
 * watcher" IRP; when no watcher is pended it returns STATUS_MORE_PROCESSING_REQUIRED at
 * once, still holding the cancel spin lock: violation at that `return`. On the other
 * path it releases before completing the watcher.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _PC_ADAPTER {
    PDEVICE_OBJECT LowerDevice;
    PIRP QueryIrp;
    PIRP Watcher;
    ULONG_PTR LastStatus;
} PC_ADAPTER, *PPC_ADAPTER;

NTSTATUS
PcQueryDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PPC_ADAPTER adapter = (PPC_ADAPTER)Context;
    PIRP watcher;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    adapter->LastStatus = (ULONG_PTR)Irp->IoStatus.Status;

    IoAcquireCancelSpinLock(&irql);
    watcher = adapter->Watcher;
    if (watcher == NULL || IoSetCancelRoutine(watcher, NULL) == NULL) {
        return STATUS_MORE_PROCESSING_REQUIRED;                         // expect: CancelSpinLock
    }
    adapter->Watcher = NULL;
    IoReleaseCancelSpinLock(irql);

    watcher->IoStatus.Status = STATUS_SUCCESS;
    watcher->IoStatus.Information = adapter->LastStatus;
    IoCompleteRequest(watcher, IO_NO_INCREMENT);
    return STATUS_MORE_PROCESSING_REQUIRED;                             // ok: CancelSpinLock
}

BOOLEAN
PcPassiveInitialize(PVOID DeviceExtension)
{
    PPC_ADAPTER adapter = (PPC_ADAPTER)DeviceExtension;
    PVOID adapterDevice;
    PVOID physicalDevice;
    PVOID lowerDevice;
    PIRP irp;
    PIO_STACK_LOCATION next;

    if (StorPortGetDeviceObjects(adapter, &adapterDevice, &physicalDevice, &lowerDevice)
            != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    adapter->LowerDevice = (PDEVICE_OBJECT)lowerDevice;
    irp = IoAllocateIrp(adapter->LowerDevice->StackSize, FALSE);
    if (irp == NULL) {
        return FALSE;
    }
    adapter->QueryIrp = irp;
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_PNP;
    next->MinorFunction = IRP_MN_QUERY_PNP_DEVICE_STATE;
    IoSetCompletionRoutine(irp, PcQueryDone, adapter, TRUE, TRUE, TRUE);
    IoCallDriver(adapter->LowerDevice, irp);
    return TRUE;
}

ULONG
PcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PcInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, PcPassiveInitialize);
}

BOOLEAN
PcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
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
    init.DeviceExtensionSize = sizeof(PC_ADAPTER);
    init.HwFindAdapter = PcFindAdapter;
    init.HwInitialize = PcInitialize;
    init.HwStartIo = PcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
