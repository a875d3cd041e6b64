// check-rules: StorPortSpinLock3, StorPortSpinLock
// expect-status: StorPortSpinLock3=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * The full hierarchy, in the right order, in a DPC. The error-recovery DPC takes its own
 * DPC lock (LockContext = its STOR_DPC), then the DPC lock of the *other* DPC (the
 * completion DPC: each DPC has its own lock, so this is a second, distinct lock), then
 * the StartIo lock, and finally the interrupt lock, and releases them in reverse order.
 * DpcLock and StartIoLock before InterruptLock is the order Storport requires; a DPC
 * routine may take all three kinds and Storport holds none of them for it. The
 * completion DPC takes only its own DPC lock, then the interrupt lock. pass for both
 * rules (nothing re-acquired, every lock released before the DPC returns).
 */

#include <storport.h>

typedef struct _RAID_EXT {
    STOR_DPC CompletionDpc;
    STOR_DPC RecoveryDpc;
    ULONG CompletedCount;
    ULONG FailedCount;
    ULONG PendingIo;
    PULONG ControlRegister;
} RAID_EXT, *PRAID_EXT;

static VOID
RaidQuiesceHardware(PRAID_EXT Ext)
{
    STOR_LOCK_HANDLE intHandle;

    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    StorPortWriteRegisterUlong(Ext, Ext->ControlRegister, 0);
    Ext->PendingIo = 0;
    StorPortReleaseSpinLock(Ext, &intHandle);
}

static VOID
RaidRecoverUnderStartIoLock(PRAID_EXT Ext)
{
    STOR_LOCK_HANDLE startIoHandle;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &startIoHandle);  // ok: StorPortSpinLock3
    RaidQuiesceHardware(Ext);
    Ext->FailedCount = 0;
    StorPortReleaseSpinLock(Ext, &startIoHandle);
}

VOID
RaidRecoveryDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                PVOID SystemArgument2)
{
    PRAID_EXT ext = (PRAID_EXT)DeviceExtension;
    STOR_LOCK_HANDLE ownHandle;
    STOR_LOCK_HANDLE completionHandle;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, DpcLock, &ext->RecoveryDpc, &ownHandle);  // ok: StorPortSpinLock3, StorPortSpinLock
    StorPortAcquireSpinLock(ext, DpcLock, &ext->CompletionDpc, &completionHandle);  // ok: StorPortSpinLock3, StorPortSpinLock -- a different DPC, a different lock
    RaidRecoverUnderStartIoLock(ext);
    StorPortReleaseSpinLock(ext, &completionHandle);
    StorPortReleaseSpinLock(ext, &ownHandle);
}

VOID
RaidCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                  PVOID SystemArgument2)
{
    PRAID_EXT ext = (PRAID_EXT)DeviceExtension;
    STOR_LOCK_HANDLE dpcHandle;
    STOR_LOCK_HANDLE intHandle;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, DpcLock, &ext->CompletionDpc, &dpcHandle);  // ok: StorPortSpinLock3
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    ext->CompletedCount++;
    StorPortReleaseSpinLock(ext, &intHandle);
    StorPortReleaseSpinLock(ext, &dpcHandle);
}

ULONG
RaidFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PRAID_EXT ext = (PRAID_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x80000;
    ConfigInfo->NumberOfPhysicalBreaks = 129;
    StorPortInitializeDpc(ext, &ext->CompletionDpc, RaidCompletionDpc);
    StorPortInitializeDpc(ext, &ext->RecoveryDpc, RaidRecoveryDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
RaidInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RaidStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRAID_EXT ext = (PRAID_EXT)DeviceExtension;

    ext->PendingIo++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
RaidInterrupt(PVOID DeviceExtension)
{
    PRAID_EXT ext = (PRAID_EXT)DeviceExtension;

    if (ext->FailedCount != 0) {
        StorPortIssueDpc(ext, &ext->RecoveryDpc, NULL, NULL);
    } else {
        StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    }
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RAID_EXT);
    init.HwFindAdapter = RaidFindAdapter;
    init.HwInitialize = RaidInitialize;
    init.HwStartIo = RaidStartIo;
    init.HwInterrupt = RaidInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
