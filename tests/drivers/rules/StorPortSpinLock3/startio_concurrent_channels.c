// check-rules: StorPortSpinLock3, StorPortSpinLock
// expect-status: StorPortSpinLock3=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * Concurrent channels, required by the design. The multi-queue controller only works
 * with concurrent channels: HwStorInitialize enables them with
 * StorPortInitializePerfOpts(Ext, FALSE, &perf) and STOR_PERF_CONCURRENT_CHANNELS in
 * Flags, and fails initialization (returns FALSE, so no StartIo ever runs on that path)
 * when the call does not return STOR_STATUS_SUCCESS. On every path that reaches
 * HwStorStartIo concurrent channels are therefore enabled and Storport does not hold the
 * StartIo lock around it: StartIo takes the StartIo lock itself to protect the tag pool
 * shared by the channels, and then the interrupt lock inside it (StartIo, then
 * Interrupt: the right order). pass for both rules.
 */

#include <storport.h>

#define MCH_CHANNELS 4

typedef struct _MCH_EXT {
    ULONG TagPool;
    PULONG Doorbell[MCH_CHANNELS];
    ULONG Outstanding;
} MCH_EXT, *PMCH_EXT;

static BOOLEAN
MchEnableChannels(PMCH_EXT Ext)
{
    PERF_CONFIGURATION_DATA perf;

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    perf.Flags = STOR_PERF_CONCURRENT_CHANNELS | STOR_PERF_DPC_REDIRECTION;
    perf.ConcurrentChannels = MCH_CHANNELS;
    return StorPortInitializePerfOpts(Ext, FALSE, &perf) == STOR_STATUS_SUCCESS;
}

static UCHAR
MchTakeTag(PMCH_EXT Ext)
{
    UCHAR tag;

    for (tag = 0; tag < 32; tag++) {
        if ((Ext->TagPool & (1u << tag)) == 0) {
            Ext->TagPool |= 1u << tag;
            break;
        }
    }
    return tag;
}

ULONG
MchFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 65;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    return SP_RETURN_FOUND;
}

BOOLEAN
MchInitialize(PVOID DeviceExtension)
{
    PMCH_EXT ext = (PMCH_EXT)DeviceExtension;

    if (!MchEnableChannels(ext)) {
        StorPortLogError(ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 0x10);
        return FALSE;
    }
    ext->TagPool = 0;
    return TRUE;
}

BOOLEAN
MchStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PMCH_EXT ext = (PMCH_EXT)DeviceExtension;
    STOR_LOCK_HANDLE poolHandle;
    STOR_LOCK_HANDLE intHandle;
    ULONG channel = Srb->PathId % MCH_CHANNELS;
    UCHAR tag;

    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &poolHandle);  // ok: StorPortSpinLock3, StorPortSpinLock
    tag = MchTakeTag(ext);
    if (tag < 32) {
        Srb->QueueTag = tag;
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
        ext->Outstanding++;
        StorPortWriteRegisterUlong(ext, ext->Doorbell[channel], tag);
        StorPortReleaseSpinLock(ext, &intHandle);
    }
    StorPortReleaseSpinLock(ext, &poolHandle);
    if (tag >= 32) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
    }
    return TRUE;
}

BOOLEAN
MchInterrupt(PVOID DeviceExtension)
{
    PMCH_EXT ext = (PMCH_EXT)DeviceExtension;

    ext->Outstanding = 0;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MCH_EXT);
    init.HwFindAdapter = MchFindAdapter;
    init.HwInitialize = MchInitialize;
    init.HwStartIo = MchStartIo;
    init.HwInterrupt = MchInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
