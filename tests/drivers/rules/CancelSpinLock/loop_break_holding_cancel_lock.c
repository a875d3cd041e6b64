// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * A loop that leaves through `break` while holding the cancel spin lock. The virtual
 * miniport's DriverUnload hook pops the pended notification IRPs off a global SList:
 * each iteration takes the cancel spin lock and normally drops it at the end, but when
 * it meets an IRP whose cancel routine has already been called (IoSetCancelRoutine
 * returns NULL) it stops the sweep with `break` and skips the release. DriverUnload then
 * hands over to Storport's unload routine and falls off its closing brace holding the
 * lock (the location). The pops are not modelled, so every list length is feasible;
 * the acquire inside the loop is never an acquire-while-held (each continuing
 * iteration released).
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _LH_ADAPTER {
    ULONG Luns;
} LH_ADAPTER, *PLH_ADAPTER;

typedef struct _LH_NOTIFY {
    SLIST_ENTRY Link;
    PIRP Irp;
} LH_NOTIFY, *PLH_NOTIFY;

static SLIST_HEADER LhNotifyIrps;
static PDRIVER_UNLOAD LhStorPortUnload;

VOID
LhUnload(PDRIVER_OBJECT DriverObject)
{
    KIRQL irql;
    PSLIST_ENTRY entry;

    while ((entry = InterlockedPopEntrySList(&LhNotifyIrps)) != NULL) {
        PLH_NOTIFY notify = CONTAINING_RECORD(entry, LH_NOTIFY, Link);
        PIRP irp = notify->Irp;

        IoAcquireCancelSpinLock(&irql);                                 // ok: CancelSpinLock
        if (IoSetCancelRoutine(irp, NULL) == NULL) {
            break;
        }
        IoReleaseCancelSpinLock(irql);
        ExFreePoolWithTag(notify, 'tNhL');
        irp->IoStatus.Status = STATUS_CANCELLED;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
    }
    if (LhStorPortUnload != NULL) {
        LhStorPortUnload(DriverObject);
    }
}                                                                       // expect: CancelSpinLock

ULONG
LhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LhInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
LhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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

    InitializeSListHead(&LhNotifyIrps);
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(LH_ADAPTER);
    init.HwFindAdapter = LhFindAdapter;
    init.HwInitialize = LhInitialize;
    init.HwStartIo = LhStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    LhStorPortUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = LhUnload;
    return status;
}
