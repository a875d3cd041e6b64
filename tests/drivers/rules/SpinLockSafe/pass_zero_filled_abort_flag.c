// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=pass
// expect-kind: virtual
/*
 * A completion inside the lock that no feasible path reaches. The virtual miniport's
 * IRP_MJ_WRITE hook takes `BufferLock` and, `if (adapter->Aborting)`, completes the
 * IRP with STATUS_REQUEST_ABORTED right there -- a real bug if it could run. Nothing in
 * the driver writes Aborting (the abort path was never finished) and the device
 * extension starts zero-filled, so the field reads 0 and that IoCompleteRequest is
 * dead. The live completion comes after the release. `pass`: a monitored call is
 * reachable in the call graph, just never with a lock held on a feasible path.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _ZA_ADAPTER {
    KSPIN_LOCK BufferLock;
    BOOLEAN Aborting;               /* never written */
    ULONG BytesBuffered;
} ZA_ADAPTER, *PZA_ADAPTER;

static PZA_ADAPTER ZaAdapter;

NTSTATUS
ZaWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);
    KeAcquireSpinLock(&ZaAdapter->BufferLock, &oldIrql);
    if (ZaAdapter->Aborting) {
        Irp->IoStatus.Status = STATUS_REQUEST_ABORTED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // ok: SpinLockSafe -- the field reads 0
        KeReleaseSpinLock(&ZaAdapter->BufferLock, oldIrql);
        return STATUS_REQUEST_ABORTED;
    }
    ZaAdapter->BytesBuffered += stack->Parameters.Write.Length;
    KeReleaseSpinLock(&ZaAdapter->BufferLock, oldIrql);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = stack->Parameters.Write.Length;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // ok: SpinLockSafe
    return STATUS_SUCCESS;
}

ULONG
ZaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PZA_ADAPTER adapter = (PZA_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->BufferLock);
    ConfigInfo->VirtualDevice = TRUE;
    ZaAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ZaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
ZaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(ZA_ADAPTER);
    init.HwFindAdapter = ZaFindAdapter;
    init.HwInitialize = ZaInitialize;
    init.HwStartIo = ZaStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_WRITE] = ZaWrite;
    }
    return status;
}
