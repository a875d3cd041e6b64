// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=not_applicable
// expect-kind: physical
/*
 * No KeReleaseSpinLock, KeAcquireSpinLock or KeAcquireSpinLockRaiseToDpc is reachable
 * from an entry point. The driver synchronizes with in-stack queued spin locks; an
 * old "unlock and complete" helper that released a KSPIN_LOCK it never took survives
 * in the file, called by nothing. A call in a function no entry point reaches does not
 * make the rule applicable.
 */

#include <storport.h>

typedef struct _NR_ADAPTER {
    KSPIN_LOCK QueueLock;
    ULONG Depth;
} NR_ADAPTER, *PNR_ADAPTER;

static VOID
NrUnlockAndComplete(PNR_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb, KIRQL Irql)
{
    KeReleaseSpinLock(&Adapter->QueueLock, Irql);           // ok: SpinLockRelease -- unreachable
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, Adapter, Srb);
}

ULONG
NrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNR_ADAPTER adapter = (PNR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNR_ADAPTER adapter = (PNR_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&adapter->QueueLock, &handle);
    adapter->Depth++;
    KeReleaseInStackQueuedSpinLock(&handle);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NR_ADAPTER);
    init.HwFindAdapter = NrFindAdapter;
    init.HwInitialize = NrInitialize;
    init.HwStartIo = NrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
