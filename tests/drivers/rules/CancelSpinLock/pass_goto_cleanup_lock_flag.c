// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=pass
// expect-kind: virtual
/*
 * The goto-cleanup shape done right: a `cancelLocked` flag tracks whether the path
 * holds the cancel spin lock, every failure jumps to one `Exit:` label, and the
 * cleanup releases only when the flag is set. Failures before the acquire (bad IOCTL,
 * short buffer), after it (adapter stopping, IRP cancelled) and the pending path all
 * leave HwProcessServiceRequest with the lock released exactly once. The `Stopping`
 * test reads the zero-filled device extension (never set on the service-request path),
 * which does not matter here: every branch is clean.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_GP_NOTIFY CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x840, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _GP_ADAPTER {
    LIST_ENTRY NotifyIrps;
    BOOLEAN Stopping;
    ULONG Pended;
} GP_ADAPTER, *PGP_ADAPTER;

VOID
GpProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PGP_ADAPTER adapter = (PGP_ADAPTER)DeviceExtension;
    PIRP irp = (PIRP)Irp;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    BOOLEAN cancelLocked = FALSE;
    KIRQL irql;
    NTSTATUS status = STATUS_PENDING;

    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_GP_NOTIFY) {
        status = STATUS_INVALID_DEVICE_REQUEST;
        goto Exit;
    }
    if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
        goto Exit;
    }

    IoAcquireCancelSpinLock(&irql);
    cancelLocked = TRUE;
    if (adapter->Stopping) {
        status = STATUS_DEVICE_NOT_READY;
        goto Exit;
    }
    if (irp->Cancel) {
        status = STATUS_CANCELLED;
        goto Exit;
    }
    InsertTailList(&adapter->NotifyIrps, &irp->Tail.Overlay.ListEntry);
    adapter->Pended++;

Exit:
    if (cancelLocked) {
        IoReleaseCancelSpinLock(irql);                                  // ok: CancelSpinLock
    }
    if (status != STATUS_PENDING) {
        irp->IoStatus.Status = status;
        StorPortCompleteServiceIrp(adapter, irp);
    }
}                                                                       // ok: CancelSpinLock

ULONG
GpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PGP_ADAPTER adapter = (PGP_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->NotifyIrps);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
GpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
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
    init.DeviceExtensionSize = sizeof(GP_ADAPTER);
    init.HwFindAdapter = GpFindAdapter;
    init.HwInitialize = GpInitialize;
    init.HwStartIo = GpStartIo;
    init.HwProcessServiceRequest = GpProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
