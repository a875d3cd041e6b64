// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=pass
// expect-kind: physical
/*
 * The passive initialization routine (enabled from HwInitialize) creates the I/O queues
 * inside __try/__finally, leaving early with __leave on failure, and takes the admin
 * queue's MSI lock only once the queues exist; the __finally block releases it. A work
 * item queued from StartIo takes it as well. FindAdapter always selects per-message
 * synchronization, so all of this is correct.
 */

#include <storport.h>

typedef struct _NVME_EXT {
    BOOLEAN AdminReady;
    ULONG IoQueues;
    PVOID Worker;
} NVME_EXT, *PNVME_EXT;

BOOLEAN NvmePassiveInit(PVOID DeviceExtension);
VOID NvmeLogWorker(PVOID DeviceExtension, PVOID Context, PVOID Worker);
BOOLEAN NvmeCreateIoQueues(PNVME_EXT Ext);

ULONG
NvmeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
NvmeInitialize(PVOID DeviceExtension)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;

    StorPortInitializeWorker(ext, &ext->Worker);
    return StorPortEnablePassiveInitialization(ext, NvmePassiveInit);
}

BOOLEAN
NvmePassiveInit(PVOID DeviceExtension)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    BOOLEAN locked = FALSE;
    ULONG oldIrql = 0;

    __try {
        if (!NvmeCreateIoQueues(ext)) {
            __leave;
        }
        StorPortAcquireMSISpinLock(ext, 0, &oldIrql);  // ok: StorPortMSILock
        locked = TRUE;
        ext->AdminReady = TRUE;
    } __finally {
        if (locked) {
            StorPortReleaseMSISpinLock(ext, 0, oldIrql);
        }
    }
    return ext->AdminReady;
}

VOID
NvmeLogWorker(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    ULONG oldIrql;

    StorPortAcquireMSISpinLock(ext, 0, &oldIrql);  // ok: StorPortMSILock
    ext->IoQueues = (ULONG)(ULONG_PTR)Context;
    StorPortReleaseMSISpinLock(ext, 0, oldIrql);
}

BOOLEAN
NvmeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;

    StorPortQueueWorkItem(ext, NvmeLogWorker, ext->Worker, (PVOID)(ULONG_PTR)Srb->QueueTag);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NVME_EXT);
    init.HwFindAdapter = NvmeFindAdapter;
    init.HwInitialize = NvmeInitialize;
    init.HwStartIo = NvmeStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
