// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=pass
// expect-kind: virtual
/*
 * A condition the path decides across callbacks. HwStorFindAdapter sets
 * `LegacyCancel` when the parameter string asks for the old cancel model (an unknown
 * value, so both settings are explored); HwProcessServiceRequest then takes the cancel
 * spin lock only under that flag and releases it, through a helper, under the same flag.
 * Each path either takes and drops the lock or does neither: no acquire while held, no
 * release while not held, no exit while held.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _FL_ADAPTER {
    BOOLEAN LegacyCancel;
    LIST_ENTRY Pending;
    ULONG Pended;
} FL_ADAPTER, *PFL_ADAPTER;

VOID
FlCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);                           // ok: CancelSpinLock
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static VOID
FlUnlockIfLegacy(PFL_ADAPTER Adapter, KIRQL Irql)
{
    if (Adapter->LegacyCancel) {
        IoReleaseCancelSpinLock(Irql);                                  // ok: CancelSpinLock
    }
}

VOID
FlProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PFL_ADAPTER adapter = (PFL_ADAPTER)DeviceExtension;
    PIRP irp = (PIRP)Irp;
    KIRQL irql = PASSIVE_LEVEL;

    if (adapter->LegacyCancel) {
        IoAcquireCancelSpinLock(&irql);
        IoSetCancelRoutine(irp, FlCancel);
    }
    InsertTailList(&adapter->Pending, &irp->Tail.Overlay.ListEntry);
    adapter->Pended++;
    FlUnlockIfLegacy(adapter, irql);
}                                                                       // ok: CancelSpinLock

ULONG
FlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PFL_ADAPTER adapter = (PFL_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->Pending);
    if (ArgumentString != NULL && ArgumentString[0] == 'L') {
        adapter->LegacyCancel = TRUE;
    }
    ConfigInfo->VirtualDevice = TRUE;
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

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(FL_ADAPTER);
    init.HwFindAdapter = FlFindAdapter;
    init.HwInitialize = FlInitialize;
    init.HwStartIo = FlStartIo;
    init.HwProcessServiceRequest = FlProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
