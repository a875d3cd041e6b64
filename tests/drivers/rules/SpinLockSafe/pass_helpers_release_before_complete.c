// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=pass
// expect-kind: virtual
/*
 * Acquire and release in different helpers, three levels down, completion after both.
 * The virtual miniport's IRP_MJ_FLUSH_BUFFERS hook calls HpFlushJournal, which calls
 * HpBeginJournal -> HpLockJournal (takes `JournalLock`, returns holding it) and later
 * HpEndJournal -> HpUnlockJournal (releases it). Only after HpFlushJournal returns
 * does the dispatch routine complete the IRP. The count goes 0 -> 1 -> 0 across the
 * helpers; IoCompleteRequest sees 0. The helpers' returns with the lock held are not
 * monitored events for this rule.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _HP_ADAPTER {
    KSPIN_LOCK JournalLock;
    ULONG JournalSeq;
    ULONG Flushes;
} HP_ADAPTER, *PHP_ADAPTER;

static PHP_ADAPTER HpAdapter;

static KIRQL
HpLockJournal(PHP_ADAPTER Adapter)
{
    KIRQL irql;

    KeAcquireSpinLock(&Adapter->JournalLock, &irql);
    return irql;
}

static VOID
HpUnlockJournal(PHP_ADAPTER Adapter, KIRQL Irql)
{
    KeReleaseSpinLock(&Adapter->JournalLock, Irql);
}

static KIRQL
HpBeginJournal(PHP_ADAPTER Adapter)
{
    KIRQL irql = HpLockJournal(Adapter);

    Adapter->JournalSeq++;
    return irql;
}

static VOID
HpEndJournal(PHP_ADAPTER Adapter, KIRQL Irql)
{
    Adapter->Flushes++;
    HpUnlockJournal(Adapter, Irql);
}

static VOID
HpFlushJournal(PHP_ADAPTER Adapter)
{
    KIRQL irql = HpBeginJournal(Adapter);

    HpEndJournal(Adapter, irql);
}

NTSTATUS
HpFlush(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    HpFlushJournal(HpAdapter);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // ok: SpinLockSafe
    return STATUS_SUCCESS;
}

ULONG
HpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PHP_ADAPTER adapter = (PHP_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->JournalLock);
    ConfigInfo->VirtualDevice = TRUE;
    HpAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(HP_ADAPTER);
    init.HwFindAdapter = HpFindAdapter;
    init.HwInitialize = HpInitialize;
    init.HwStartIo = HpStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = HpFlush;
    }
    return status;
}
