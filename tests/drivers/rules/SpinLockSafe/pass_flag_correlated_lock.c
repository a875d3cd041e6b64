// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=pass
// expect-kind: virtual
/*
 * A device-extension flag FindAdapter sets decides the locking, and the completion
 * is placed by it too. FindAdapter (which itself takes and releases `StatsLock` once
 * while it resets the counters) sets `adapter->SharedStats = TRUE` when the
 * ArgumentString asks for statistics shared between adapters. The IRP_MJ_DEVICE_CONTROL
 * hook takes `StatsLock` only `if (adapter->SharedStats)`, releases under the same
 * test, and completes after that: on both values of the flag the count is back to 0 at
 * IoCompleteRequest. A path-insensitive count would join "1" and "0" after the first
 * test and report the completion.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _FL_ADAPTER {
    KSPIN_LOCK StatsLock;
    BOOLEAN SharedStats;
    ULONG Queries;
} FL_ADAPTER, *PFL_ADAPTER;

static PFL_ADAPTER FlAdapter;

NTSTATUS
FlDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL oldIrql;
    ULONG queries;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (FlAdapter->SharedStats) {
        KeAcquireSpinLock(&FlAdapter->StatsLock, &oldIrql);
    }
    queries = ++FlAdapter->Queries;
    if (FlAdapter->SharedStats) {
        KeReleaseSpinLock(&FlAdapter->StatsLock, oldIrql);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = queries;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // ok: SpinLockSafe
    return STATUS_SUCCESS;
}

ULONG
FlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PFL_ADAPTER adapter = (PFL_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeInitializeSpinLock(&adapter->StatsLock);
    KeAcquireSpinLock(&adapter->StatsLock, &oldIrql);
    adapter->Queries = 0;
    KeReleaseSpinLock(&adapter->StatsLock, oldIrql);
    if (ArgumentString != NULL && ArgumentString[0] == 'S') {
        adapter->SharedStats = TRUE;
    }
    ConfigInfo->VirtualDevice = TRUE;
    FlAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(FL_ADAPTER);
    init.HwFindAdapter = FlFindAdapter;
    init.HwInitialize = FlInitialize;
    init.HwStartIo = FlStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FlDeviceControl;
    }
    return status;
}
