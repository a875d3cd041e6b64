// check-rules: StorPortSpinLock3, StorPortSpinLock
// expect-status: StorPortSpinLock3=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * StorPortSynchronizeAccess used correctly. The completion DPC first takes its own DPC
 * lock, then copies the hardware's completion bitmap with
 * StorPortSynchronizeAccess(DevExt, SnapshotCompletions, &snap): the routine runs with
 * the interrupt lock held by Storport and takes no lock itself. When
 * StorPortSynchronizeAccess returns, the interrupt lock is no longer held, so the DPC
 * may then take the StartIo lock (in a helper) to move the finished requests off the
 * active list. A StartIo lock taken while the interrupt lock is held would break the
 * hierarchy; here the interrupt lock was only held during the synchronized routine.
 * The early return on "nothing completed" releases the DPC lock first. pass for both
 * rules.
 */

#include <storport.h>

typedef struct _SNAP {
    ULONG Completed;
    ULONG Errors;
} SNAP, *PSNAP;

typedef struct _SYN_EXT {
    PULONG CompletionRegister;
    PULONG ErrorRegister;
    ULONG ActiveMask;
    ULONG ErrorCount;
    STOR_DPC CompletionDpc;
} SYN_EXT, *PSYN_EXT;

BOOLEAN
SynSnapshotCompletions(PVOID DeviceExtension, PVOID Context)
{
    PSYN_EXT ext = (PSYN_EXT)DeviceExtension;
    PSNAP snap = (PSNAP)Context;

    snap->Completed = StorPortReadRegisterUlong(ext, ext->CompletionRegister);
    snap->Errors = StorPortReadRegisterUlong(ext, ext->ErrorRegister);
    StorPortWriteRegisterUlong(ext, ext->CompletionRegister, snap->Completed);
    return snap->Completed != 0;
}

static VOID
SynRetireRequests(PSYN_EXT Ext, PSNAP Snap)
{
    STOR_LOCK_HANDLE activeHandle;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &activeHandle);  // ok: StorPortSpinLock3 -- the interrupt lock was released when the synchronized routine returned
    Ext->ActiveMask &= ~Snap->Completed;
    StorPortReleaseSpinLock(Ext, &activeHandle);
}

VOID
SynCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                 PVOID SystemArgument2)
{
    PSYN_EXT ext = (PSYN_EXT)DeviceExtension;
    STOR_LOCK_HANDLE dpcHandle;
    SNAP snap;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, DpcLock, &ext->CompletionDpc, &dpcHandle);  // ok: StorPortSpinLock3
    if (!StorPortSynchronizeAccess(ext, SynSnapshotCompletions, &snap)) {
        StorPortReleaseSpinLock(ext, &dpcHandle);
        return;
    }
    SynRetireRequests(ext, &snap);
    ext->ErrorCount += snap.Errors;
    StorPortReleaseSpinLock(ext, &dpcHandle);
}

ULONG
SynFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSYN_EXT ext = (PSYN_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->CompletionDpc, SynCompletionDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
SynInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SynStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSYN_EXT ext = (PSYN_EXT)DeviceExtension;

    ext->ActiveMask |= 1u << (Srb->QueueTag % 32);
    return TRUE;
}

BOOLEAN
SynInterrupt(PVOID DeviceExtension)
{
    PSYN_EXT ext = (PSYN_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SYN_EXT);
    init.HwFindAdapter = SynFindAdapter;
    init.HwInitialize = SynInitialize;
    init.HwStartIo = SynStartIo;
    init.HwInterrupt = SynInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
