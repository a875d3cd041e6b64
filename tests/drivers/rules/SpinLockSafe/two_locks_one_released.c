// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=defect
// expect-kind: virtual
/*
 * A count, not a flag. The virtual miniport's IRP_MJ_WRITE hook for its log channel
 * takes the adapter's `LogLock` and then the channel's `RingLock` (two different
 * locks; nesting is legal). It releases `RingLock` and completes the IRP -- but
 * `LogLock` is still held: one lock released out of two leaves the count at 1, so
 * IoCompleteRequest is a violation. The "zero-length write" branch releases both
 * first and is fine.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _TL_CHANNEL {
    KSPIN_LOCK RingLock;
    ULONG Bytes;
} TL_CHANNEL;

typedef struct _TL_ADAPTER {
    KSPIN_LOCK LogLock;
    TL_CHANNEL Channel;
    ULONG Writes;
} TL_ADAPTER, *PTL_ADAPTER;

static PTL_ADAPTER TlAdapter;

NTSTATUS
TlWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    KIRQL logIrql;
    KIRQL ringIrql;

    UNREFERENCED_PARAMETER(DeviceObject);
    KeAcquireSpinLock(&TlAdapter->LogLock, &logIrql);
    KeAcquireSpinLock(&TlAdapter->Channel.RingLock, &ringIrql);
    if (stack->Parameters.Write.Length == 0) {
        KeReleaseSpinLock(&TlAdapter->Channel.RingLock, ringIrql);
        KeReleaseSpinLock(&TlAdapter->LogLock, logIrql);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // ok: SpinLockSafe -- both released
        return STATUS_SUCCESS;
    }
    TlAdapter->Channel.Bytes += stack->Parameters.Write.Length;
    KeReleaseSpinLock(&TlAdapter->Channel.RingLock, ringIrql);
    TlAdapter->Writes++;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = stack->Parameters.Write.Length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // expect: SpinLockSafe
    KeReleaseSpinLock(&TlAdapter->LogLock, logIrql);
    return STATUS_SUCCESS;
}

ULONG
TlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PTL_ADAPTER adapter = (PTL_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->LogLock);
    KeInitializeSpinLock(&adapter->Channel.RingLock);
    ConfigInfo->VirtualDevice = TRUE;
    TlAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
TlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
TlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(TL_ADAPTER);
    init.HwFindAdapter = TlFindAdapter;
    init.HwInitialize = TlInitialize;
    init.HwStartIo = TlStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_WRITE] = TlWrite;
    }
    return status;
}
