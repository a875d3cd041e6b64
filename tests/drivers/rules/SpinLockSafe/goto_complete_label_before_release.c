// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=defect
// expect-kind: virtual
/*
 * goto to a completion label that the locked path reaches too early. The virtual
 * miniport's IRP_MJ_CREATE hook validates the open (those `goto Complete` jumps come
 * before any lock: fine), takes `OpenLock` (which guards the access mask the adapter
 * allows), and when the requested access is not allowed jumps to `Complete:` -- but
 * the release is *after* the label's IoCompleteRequest, written for the normal path,
 * which releases before reaching it. On the "access denied" path the completion
 * happens with the lock held: a violation at the IoCompleteRequest (one location; the
 * other paths reach it with the count at 0). The trailing release runs `if (locked)`.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _GC_ADAPTER {
    KSPIN_LOCK OpenLock;
    ULONG Opens;
    ACCESS_MASK AllowedAccess;
} GC_ADAPTER, *PGC_ADAPTER;

static PGC_ADAPTER GcAdapter;

NTSTATUS
GcCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    BOOLEAN locked = FALSE;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (GcAdapter == NULL) {
        status = STATUS_DEVICE_NOT_READY;
        goto Complete;
    }
    if (stack->FileObject == NULL || stack->FileObject->FileName.Length != 0) {
        status = STATUS_OBJECT_NAME_NOT_FOUND;
        goto Complete;
    }

    KeAcquireSpinLock(&GcAdapter->OpenLock, &oldIrql);
    locked = TRUE;
    if ((stack->Parameters.Create.SecurityContext->DesiredAccess &
         ~GcAdapter->AllowedAccess) != 0) {
        status = STATUS_ACCESS_DENIED;
        goto Complete;
    }
    GcAdapter->Opens++;
    KeReleaseSpinLock(&GcAdapter->OpenLock, oldIrql);
    locked = FALSE;

Complete:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // expect: SpinLockSafe
    if (locked) {
        KeReleaseSpinLock(&GcAdapter->OpenLock, oldIrql);
    }
    return status;
}

ULONG
GcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PGC_ADAPTER adapter = (PGC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->OpenLock);
    adapter->AllowedAccess = FILE_READ_DATA | FILE_WRITE_DATA | SYNCHRONIZE;
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
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_CREATE] = GcCreate;
    }
    return status;
}
