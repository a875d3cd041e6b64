// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * The ...AtDpcLevel / ...FromDpcLevel pair. A Storport DPC (StorPortInitializeDpc in
 * HwStorInitialize) drains the completion ring at DISPATCH_LEVEL with
 * KeAcquireInStackQueuedSpinLockAtDpcLevel. When the ring reports an overflow the
 * routine records it and leaves through the end of its body -- a VOID routine falling off
 * its closing brace -- without KeReleaseInStackQueuedSpinLockFromDpcLevel. The location
 * is the DPC routine's closing brace. The normal path releases with the FromDpcLevel
 * variant and returns cleanly.
 */

#include <storport.h>

typedef struct _DC_ADAPTER {
    STOR_DPC CompletionDpc;
    KSPIN_LOCK RingLock;
    ULONG RingHead;
    ULONG RingTail;
    ULONG Overflows;
    PULONG RingStatus;
} DC_ADAPTER, *PDC_ADAPTER;

VOID
DcCompletionDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
                PVOID SystemArgument2)
{
    PDC_ADAPTER adapter = (PDC_ADAPTER)HwDeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    ULONG status;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&adapter->RingLock, &handle);
    status = StorPortReadRegisterUlong(adapter, adapter->RingStatus);
    if (status & 0x80000000) {
        adapter->Overflows++;
        adapter->RingHead = adapter->RingTail;
    } else {
        while (adapter->RingHead != adapter->RingTail) {
            adapter->RingHead = (adapter->RingHead + 1) & 0xFF;
        }
        KeReleaseInStackQueuedSpinLockFromDpcLevel(&handle);
        return;                                                     // ok: QueuedSpinLock
    }
}                                                                   // expect: QueuedSpinLock

ULONG
DcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDC_ADAPTER adapter = (PDC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->RingLock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DcInitialize(PVOID DeviceExtension)
{
    PDC_ADAPTER adapter = (PDC_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->CompletionDpc, DcCompletionDpc);
    return TRUE;
}

BOOLEAN
DcInterrupt(PVOID DeviceExtension)
{
    PDC_ADAPTER adapter = (PDC_ADAPTER)DeviceExtension;

    StorPortIssueDpc(adapter, &adapter->CompletionDpc, NULL, NULL);
    return TRUE;
}

BOOLEAN
DcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_PENDING;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(DC_ADAPTER);
    init.HwFindAdapter = DcFindAdapter;
    init.HwInitialize = DcInitialize;
    init.HwInterrupt = DcInterrupt;
    init.HwStartIo = DcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
