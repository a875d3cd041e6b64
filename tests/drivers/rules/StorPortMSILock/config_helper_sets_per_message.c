// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=pass
// expect-kind: physical
/*
 * FindAdapter hands ConfigInfo to a helper that writes the mode through a local copy of
 * the pointer, then takes the MSI lock itself (after the mode is set) to program the
 * admin queue. The message-signaled interrupt routine and StartIo take it too. The mode
 * is InterruptSynchronizePerMessage on every path, so nothing is reported.
 */

#include <storport.h>

typedef struct _NVME_EXT {
    PULONG AdminDoorbell;
    ULONG IoQueues;
    ULONG Completions;
} NVME_EXT, *PNVME_EXT;

BOOLEAN NvmeMsiIsr(PVOID DeviceExtension, ULONG MessageId);

static VOID
NvmeSetupInterrupts(PNVME_EXT Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    PPORT_CONFIGURATION_INFORMATION cfg = ConfigInfo;

    cfg->HwMSInterruptRoutine = NvmeMsiIsr;
    cfg->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    Ext->IoQueues = 8;
}

ULONG
NvmeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    ULONG oldIrql;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    NvmeSetupInterrupts(ext, ConfigInfo);
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortAcquireMSISpinLock(ext, 0, &oldIrql);  // ok: StorPortMSILock
    ext->Completions = 0;
    StorPortReleaseMSISpinLock(ext, 0, oldIrql);
    return SP_RETURN_FOUND;
}

BOOLEAN
NvmeInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NvmeMsiIsr(PVOID DeviceExtension, ULONG MessageId)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    ULONG oldIrql;

    StorPortAcquireMSISpinLock(ext, MessageId, &oldIrql);  // ok: StorPortMSILock
    ext->Completions++;
    StorPortReleaseMSISpinLock(ext, MessageId, oldIrql);
    return TRUE;
}

BOOLEAN
NvmeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    ULONG qid = Srb->QueueTag % ext->IoQueues + 1;
    ULONG oldIrql;

    StorPortAcquireMSISpinLock(ext, qid, &oldIrql);  // ok: StorPortMSILock
    StorPortWriteRegisterUlong(ext, ext->AdminDoorbell + 2 * qid, Srb->QueueTag);
    StorPortReleaseMSISpinLock(ext, qid, oldIrql);
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
