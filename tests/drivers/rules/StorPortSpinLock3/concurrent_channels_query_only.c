// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * The driver mistakes the query for the request: StorPortInitializePerfOpts with Query
 * TRUE only reports the supported options in PerfConfigData->Flags, it enables nothing.
 * The driver sees STOR_PERF_CONCURRENT_CHANNELS in the reported flags, records
 * "concurrent channels on" and never makes the enabling call (Query FALSE). Storport
 * therefore keeps holding the StartIo lock around HwStorStartIo, and the StartIo path
 * that trusts the flag (through a lock helper in the ring-submission routine) acquires
 * it again: a violation at the acquire in the helper.
 *
 * Where the query did not report the flag, or failed, the flag stays 0 (zero-filled
 * device extension) and StartIo takes no lock: those paths are clean.
 *
 * The bus-reset routine has the same misconception and drains the ring under the StartIo
 * lock unconditionally; Storport holds the StartIo lock around HwStorResetBus in both
 * duplex modes, so that acquire is a violation on every ResetBus path (found).
 *
 * The model of StorPortInitializePerfOpts with Query TRUE reports the supported
 * options as an unknown value in PerfConfigData->Flags, so the flag can be set.
 */

#include <storport.h>

typedef struct _RNG_EXT {
    BOOLEAN ChannelsEnabled;
    ULONG Producer;
    ULONG RingMask;
    PULONG RingDoorbell;
} RNG_EXT, *PRNG_EXT;

static VOID
RngLockRing(PRNG_EXT Ext, PSTOR_LOCK_HANDLE Handle)
{
    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, Handle);  // expect: StorPortSpinLock3 -- the Query TRUE model does not report flags
}

static VOID
RngSubmit(PRNG_EXT Ext, PSCSI_REQUEST_BLOCK Srb)
{
    STOR_LOCK_HANDLE ringHandle;

    if (Ext->ChannelsEnabled) {
        RngLockRing(Ext, &ringHandle);
    }
    Ext->Producer = (Ext->Producer + 1) & Ext->RingMask;
    StorPortWriteRegisterUlong(Ext, Ext->RingDoorbell, Ext->Producer);
    if (Ext->ChannelsEnabled) {
        StorPortReleaseSpinLock(Ext, &ringHandle);
    }
    UNREFERENCED_PARAMETER(Srb);
}

ULONG
RngFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PRNG_EXT ext = (PRNG_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->RingMask = 255;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 65;
    return SP_RETURN_FOUND;
}

BOOLEAN
RngInitialize(PVOID DeviceExtension)
{
    PRNG_EXT ext = (PRNG_EXT)DeviceExtension;
    PERF_CONFIGURATION_DATA perf;

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    if (StorPortInitializePerfOpts(ext, TRUE, &perf) == STOR_STATUS_SUCCESS &&
        (perf.Flags & STOR_PERF_CONCURRENT_CHANNELS) != 0) {
        ext->ChannelsEnabled = TRUE;
    }
    return TRUE;
}

BOOLEAN
RngStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRNG_EXT ext = (PRNG_EXT)DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI) {
        RngSubmit(ext, Srb);
        return TRUE;
    }
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

BOOLEAN
RngResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PRNG_EXT ext = (PRNG_EXT)DeviceExtension;
    STOR_LOCK_HANDLE ringHandle;

    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &ringHandle);  // expect: StorPortSpinLock3
    ext->Producer = 0;
    StorPortReleaseSpinLock(ext, &ringHandle);
    StorPortCompleteRequest(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

BOOLEAN
RngInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RNG_EXT);
    init.HwFindAdapter = RngFindAdapter;
    init.HwInitialize = RngInitialize;
    init.HwStartIo = RngStartIo;
    init.HwInterrupt = RngInterrupt;
    init.HwResetBus = RngResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
