// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=pass
// expect-kind: physical
/*
 * Concurrent channels, optional. HwStorInitialize asks for them with
 * StorPortInitializePerfOpts(Ext, FALSE, &perf) and STOR_PERF_CONCURRENT_CHANNELS in
 * Flags, and sets DevExt->ChannelsOn only when the call returned STOR_STATUS_SUCCESS
 * (where it fails the adapter still runs, single-channel). HwStorStartIo takes the
 * StartIo lock only under that flag: with concurrent channels Storport does not hold
 * it; without them (flag 0, the zero-filled device extension) StartIo takes nothing and
 * relies on Storport's lock. The flag is set exactly on the paths where the call
 * enabled concurrent channels, so the acquire never meets a StartIo lock Storport holds:
 * pass.
 *
 * Where the status check's two paths join, the merged state keeps that the flag is set
 * exactly where concurrent channels were enabled (one path or the other held).
 */

#include <storport.h>

typedef struct _OPT_EXT {
    BOOLEAN ChannelsOn;
    ULONG SharedSlots;
    PULONG Doorbell;
} OPT_EXT, *POPT_EXT;

ULONG
OptFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
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
    return SP_RETURN_FOUND;
}

BOOLEAN
OptInitialize(PVOID DeviceExtension)
{
    POPT_EXT ext = (POPT_EXT)DeviceExtension;
    PERF_CONFIGURATION_DATA perf;

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    perf.Flags = STOR_PERF_CONCURRENT_CHANNELS;
    perf.ConcurrentChannels = 4;
    if (StorPortInitializePerfOpts(ext, FALSE, &perf) == STOR_STATUS_SUCCESS) {
        ext->ChannelsOn = TRUE;
    }
    return TRUE;
}

BOOLEAN
OptStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    POPT_EXT ext = (POPT_EXT)DeviceExtension;
    STOR_LOCK_HANDLE slotHandle;

    if (ext->ChannelsOn) {
        StorPortAcquireSpinLock(ext, StartIoLock, NULL, &slotHandle);  // ok: StorPortSpinLock3 -- flag/concurrent-channels correlation lost at the join
        ext->SharedSlots++;
        StorPortReleaseSpinLock(ext, &slotHandle);
    } else {
        ext->SharedSlots++;
    }
    StorPortWriteRegisterUlong(ext, ext->Doorbell, Srb->QueueTag);
    return TRUE;
}

BOOLEAN
OptInterrupt(PVOID DeviceExtension)
{
    POPT_EXT ext = (POPT_EXT)DeviceExtension;

    ext->SharedSlots = 0;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(OPT_EXT);
    init.HwFindAdapter = OptFindAdapter;
    init.HwInitialize = OptInitialize;
    init.HwStartIo = OptStartIo;
    init.HwInterrupt = OptInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
