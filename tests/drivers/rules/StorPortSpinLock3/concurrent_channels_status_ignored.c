// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * Concurrent channels requested but not necessarily enabled. HwStorInitialize calls
 * StorPortInitializePerfOpts(Ext, FALSE, &perf) with STOR_PERF_CONCURRENT_CHANNELS in
 * Flags and then sets DevExt->ConcurrentChannels = TRUE without looking at the returned
 * status. Storport stops holding the StartIo lock around HwStorStartIo only when that
 * call succeeded; on the path where it failed, StartIo (trusting the flag) acquires the
 * StartIo lock Storport still holds: a violation at that acquire.
 */

#include <storport.h>

typedef struct _QCH_EXT {
    BOOLEAN ConcurrentChannels;
    ULONG ActiveMask;
    PULONG Doorbell;
} QCH_EXT, *PQCH_EXT;

ULONG
QchFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
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
QchInitialize(PVOID DeviceExtension)
{
    PQCH_EXT ext = (PQCH_EXT)DeviceExtension;
    PERF_CONFIGURATION_DATA perf;

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    perf.Flags = STOR_PERF_CONCURRENT_CHANNELS | STOR_PERF_DPC_REDIRECTION;
    perf.ConcurrentChannels = 8;
    (VOID)StorPortInitializePerfOpts(ext, FALSE, &perf);
    ext->ConcurrentChannels = TRUE;
    return TRUE;
}

BOOLEAN
QchStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PQCH_EXT ext = (PQCH_EXT)DeviceExtension;
    STOR_LOCK_HANDLE lockHandle;
    BOOLEAN locked = FALSE;

    if (ext->ConcurrentChannels) {
        StorPortAcquireSpinLock(ext, StartIoLock, NULL, &lockHandle);  // expect: StorPortSpinLock3
        locked = TRUE;
    }
    ext->ActiveMask |= 1u << (Srb->QueueTag % 32);
    StorPortWriteRegisterUlong(ext, ext->Doorbell, Srb->QueueTag);
    if (locked) {
        StorPortReleaseSpinLock(ext, &lockHandle);
    }
    return TRUE;
}

BOOLEAN
QchInterrupt(PVOID DeviceExtension)
{
    PQCH_EXT ext = (PQCH_EXT)DeviceExtension;

    ext->ActiveMask = 0;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(QCH_EXT);
    init.HwFindAdapter = QchFindAdapter;
    init.HwInitialize = QchInitialize;
    init.HwStartIo = QchStartIo;
    init.HwInterrupt = QchInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
