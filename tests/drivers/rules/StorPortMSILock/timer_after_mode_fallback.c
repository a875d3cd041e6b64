// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=defect
// expect-kind: physical
/*
 * A helper selects per-message synchronization through the ConfigInfo pointer it is
 * given, but FindAdapter then falls back to InterruptSynchronizeAll (through a copy of
 * the pointer) when the MSI capability grants a single message. HwInitialize starts a
 * watchdog timer; the timer takes the MSI lock of every queue unconditionally, which is
 * wrong on the fallback path (the value at FindAdapter's exit is what counts).
 */

#include <storport.h>

#define NVME_TIMER_USEC 500000

typedef struct _NVME_EXT {
    ULONG QueueCount;
    ULONG MessagesGranted;
    ULONG Stalls[8];
} NVME_EXT, *PNVME_EXT;

VOID NvmeWatchdog(PVOID DeviceExtension);

static VOID
NvmeSelectInterruptMode(PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
}

ULONG
NvmeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    PPORT_CONFIGURATION_INFORMATION cfg = ConfigInfo;
    USHORT msiControl = 0;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    NvmeSelectInterruptMode(ConfigInfo);
    StorPortGetBusData(ext, PCIConfiguration, cfg->SystemIoBusNumber,
                       cfg->SlotNumber, &msiControl, sizeof(msiControl));
    ext->MessagesGranted = 1u << ((msiControl >> 4) & 0x7);
    if (ext->MessagesGranted < 2) {
        cfg->InterruptSynchronizationMode = InterruptSynchronizeAll;
    }
    ext->QueueCount = 4;
    cfg->MaximumTransferLength = 0x20000;
    cfg->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
NvmeInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, NvmeWatchdog, NVME_TIMER_USEC);
    return TRUE;
}

VOID
NvmeWatchdog(PVOID DeviceExtension)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    ULONG qid;
    ULONG oldIrql;

    for (qid = 1; qid <= ext->QueueCount; qid++) {
        StorPortAcquireMSISpinLock(ext, qid, &oldIrql);  // expect: StorPortMSILock
        ext->Stalls[qid]++;
        StorPortReleaseMSISpinLock(ext, qid, oldIrql);
    }
    StorPortNotification(RequestTimerCall, ext, NvmeWatchdog, NVME_TIMER_USEC);
}

BOOLEAN
NvmeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
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
    init.DeviceExtensionSize = sizeof(NVME_EXT);
    init.HwFindAdapter = NvmeFindAdapter;
    init.HwInitialize = NvmeInitialize;
    init.HwStartIo = NvmeStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
