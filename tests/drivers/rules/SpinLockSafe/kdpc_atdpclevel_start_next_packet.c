// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=defect
// expect-kind: virtual
/*
 * IoStartNextPacket with a lock taken at DPC level. Besides its Storport adapter, the
 * virtual miniport runs a management control device whose requests go through the I/O
 * manager's device queue (DriverObject->DriverStartIo, IoStartPacket). A kernel DPC
 * (KeInitializeDpc in FindAdapter; an entry point of its own at DISPATCH_LEVEL)
 * finishes the current management request: it takes `CtlLock` with
 * KeAcquireSpinLockAtDpcLevel, and on the "more queued" branch calls IoStartNextPacket
 * before KeReleaseSpinLockFromDpcLevel -- so the driver's StartIo runs inside the lock
 * (whoever queued the DPC passes "more queued" as its first system argument).
 * The AtDpcLevel acquire counts (it is on SDV's list): violation at IoStartNextPacket.
 * The branch that releases first and then completes is fine.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _KD_ADAPTER {
    KSPIN_LOCK CtlLock;
    KDPC CtlDpc;
    PDEVICE_OBJECT ControlDevice;
    PIRP CurrentIrp;
    ULONG Started;
} KD_ADAPTER, *PKD_ADAPTER;

VOID
KdCtlDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PKD_ADAPTER adapter = (PKD_ADAPTER)Context;
    PIRP irp;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg2);
    KeAcquireSpinLockAtDpcLevel(&adapter->CtlLock);
    irp = adapter->CurrentIrp;
    adapter->CurrentIrp = NULL;
    if (Arg1 != NULL) {                                     /* the inserter saw more queued */
        adapter->Started++;
        IoStartNextPacket(adapter->ControlDevice, FALSE);   // expect: SpinLockSafe
        KeReleaseSpinLockFromDpcLevel(&adapter->CtlLock);
    } else {
        KeReleaseSpinLockFromDpcLevel(&adapter->CtlLock);
    }
    if (irp != NULL) {
        irp->IoStatus.Status = STATUS_SUCCESS;
        IoCompleteRequest(irp, IO_NO_INCREMENT);            // ok: SpinLockSafe
    }
}

ULONG
KdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PKD_ADAPTER adapter = (PKD_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CtlLock);
    KeInitializeDpc(&adapter->CtlDpc, KdCtlDpc, adapter);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
KdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
KdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(KD_ADAPTER);
    init.HwFindAdapter = KdFindAdapter;
    init.HwInitialize = KdInitialize;
    init.HwStartIo = KdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                              NULL);
}
