// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * The same goto-cleanup shape done right: a `locked` flag says whether the handle holds
 * the lock, and the cleanup block releases only then. Every path -- early validation
 * failures before the acquire, the allocation failure after it, the normal path --
 * reaches the single `return` with nothing held. The check is path-sensitive: the flag
 * and the acquire are correlated, so the unlocked paths neither leak nor count as
 * held.
 */

#include <storport.h>

typedef struct _GF_ADAPTER {
    KSPIN_LOCK DescriptorLock;
    ULONG FreeDescriptors;
    ULONG Submitted;
    PULONG Doorbell;
} GF_ADAPTER, *PGF_ADAPTER;

ULONG
GfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PGF_ADAPTER adapter = (PGF_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->DescriptorLock);
    adapter->FreeDescriptors = 128;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GfInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
GfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGF_ADAPTER adapter = (PGF_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    BOOLEAN locked = FALSE;
    UCHAR status = SRB_STATUS_SUCCESS;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI || Srb->DataBuffer == NULL) {
        status = SRB_STATUS_INVALID_REQUEST;
        goto Cleanup;
    }

    KeAcquireInStackQueuedSpinLock(&adapter->DescriptorLock, &handle);
    locked = TRUE;
    if (adapter->FreeDescriptors == 0) {
        status = SRB_STATUS_BUSY;
        goto Cleanup;
    }
    adapter->FreeDescriptors--;
    adapter->Submitted++;
    StorPortWriteRegisterUlong(adapter, adapter->Doorbell, adapter->Submitted);

Cleanup:
    if (locked) {
        KeReleaseInStackQueuedSpinLock(&handle);
    }
    Srb->SrbStatus = status;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;                                                // ok: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(GF_ADAPTER);
    init.HwFindAdapter = GfFindAdapter;
    init.HwInitialize = GfInitialize;
    init.HwStartIo = GfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
