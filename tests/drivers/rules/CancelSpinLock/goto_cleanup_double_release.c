// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * goto-cleanup with a release on both sides of the jump. The virtual miniport's
 * IRP_MJ_DEVICE_CONTROL dispatch routine takes the cancel spin lock to pend a "media
 * change" IRP. When the IRP turns out to be cancelled it releases the lock, sets the
 * status and does `goto Complete` -- whose cleanup block also releases (it was written
 * for the "adapter stopping" failure, which jumps there with the lock held). The second
 * IoReleaseCancelSpinLock on the cancelled path releases a lock the path no longer
 * holds: reported at the release under `Complete:`.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_GC_MEDIA_CHANGE CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x830, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _GC_ADAPTER {
    LIST_ENTRY MediaIrps;
    BOOLEAN Stopping;
} GC_ADAPTER, *PGC_ADAPTER;

static PGC_ADAPTER GcAdapter;

NTSTATUS
GcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    KIRQL irql;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (GcAdapter == NULL ||
        stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_GC_MEDIA_CHANGE) {
        status = STATUS_INVALID_DEVICE_REQUEST;
        goto Done;
    }

    IoAcquireCancelSpinLock(&irql);
    if (GcAdapter->Stopping) {
        status = STATUS_DEVICE_NOT_READY;
        goto Complete;
    }
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(irql);                                  // ok: CancelSpinLock
        status = STATUS_CANCELLED;
        goto Complete;
    }
    IoMarkIrpPending(Irp);
    InsertTailList(&GcAdapter->MediaIrps, &Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(irql);
    return STATUS_PENDING;

Complete:
    IoReleaseCancelSpinLock(irql);                                      // expect: CancelSpinLock
Done:
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

ULONG
GcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PGC_ADAPTER adapter = (PGC_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->MediaIrps);
    ConfigInfo->VirtualDevice = TRUE;
    GcAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
GcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(GC_ADAPTER);
    init.HwFindAdapter = GcFindAdapter;
    init.HwInitialize = GcInitialize;
    init.HwStartIo = GcStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GcDeviceControl;
    return status;
}
