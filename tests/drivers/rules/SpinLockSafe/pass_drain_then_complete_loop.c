// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=pass
// expect-kind: virtual
/*
 * Detach under the lock, complete outside it. On IRP_MJ_CLEANUP the virtual miniport
 * flushes the event IRPs parked on the closing handle (kept in the file object's
 * context, so any of them may be present): it takes the adapter's `EventLock`, moves
 * every parked IRP into a local array and clears the slots, releases the lock, and only
 * then completes them in a loop. Every IoCompleteRequest runs with the count at 0.
 * (Completing inside the first loop would be the bug; the loop count is the adapter's
 * slot count, 4.)
 */

#include <ntddk.h>
#include <storport.h>

#define DC_SLOTS 4

typedef struct _DC_FILE_CONTEXT {
    PIRP Parked[DC_SLOTS];
} DC_FILE_CONTEXT, *PDC_FILE_CONTEXT;

typedef struct _DC_ADAPTER {
    KSPIN_LOCK EventLock;
    ULONG SlotCount;
    ULONG Flushed;
} DC_ADAPTER, *PDC_ADAPTER;

static PDC_ADAPTER DcAdapter;

NTSTATUS
DcCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PDC_FILE_CONTEXT file = (PDC_FILE_CONTEXT)stack->FileObject->FsContext;
    PIRP detached[DC_SLOTS];
    KIRQL oldIrql;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);
    KeAcquireSpinLock(&DcAdapter->EventLock, &oldIrql);
    for (i = 0; i < DcAdapter->SlotCount; i++) {
        detached[i] = file->Parked[i];
        file->Parked[i] = NULL;
    }
    DcAdapter->Flushed++;
    KeReleaseSpinLock(&DcAdapter->EventLock, oldIrql);

    for (i = 0; i < DcAdapter->SlotCount; i++) {
        if (detached[i] != NULL) {
            detached[i]->IoStatus.Status = STATUS_CANCELLED;
            IoCompleteRequest(detached[i], IO_NO_INCREMENT);    // ok: SpinLockSafe -- lock released
        }
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                    // ok: SpinLockSafe
    return STATUS_SUCCESS;
}

ULONG
DcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PDC_ADAPTER adapter = (PDC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->EventLock);
    adapter->SlotCount = DC_SLOTS;
    ConfigInfo->VirtualDevice = TRUE;
    DcAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
DcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(DC_ADAPTER);
    init.HwFindAdapter = DcFindAdapter;
    init.HwInitialize = DcInitialize;
    init.HwStartIo = DcStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_CLEANUP] = DcCleanup;
    }
    return status;
}
