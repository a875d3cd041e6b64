// check-rules: SpinLockRelease, SpinLock
// expect-status: SpinLockRelease=defect, SpinLock=defect
// expect-kind: physical
/*
 * Releasing through an index that changed while the lock was held. The adapter has
 * two I/O paths, each with its own KSPIN_LOCK, and `ActivePath` selects one (the
 * zero-filled device extension makes it 0, FindAdapter never sets it). On a path
 * error HwStorResetBus takes `&Paths[ActivePath].Lock` -- path 0's lock -- then fails
 * over (`ActivePath = 1`) and releases `&Paths[ActivePath].Lock`: path 1's lock, never
 * acquired.
 *   - SpinLockRelease: that release is of a lock not held (at the release).
 *   - SpinLock: path 0's lock is still held when ResetBus returns (at its `return`).
 * The "no failover needed" branch releases the lock it took and is fine.
 */

#include <storport.h>

typedef struct _FO_PATH {
    KSPIN_LOCK Lock;
    ULONG Errors;
} FO_PATH;

typedef struct _FO_ADAPTER {
    FO_PATH Paths[2];
    ULONG ActivePath;
    PULONG LinkReg;
} FO_ADAPTER, *PFO_ADAPTER;

ULONG
FoFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFO_ADAPTER adapter = (PFO_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->Paths[0].Lock);
    KeInitializeSpinLock(&adapter->Paths[1].Lock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FoInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FoStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
FoResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PFO_ADAPTER adapter = (PFO_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->Paths[adapter->ActivePath].Lock, &oldIrql);
    adapter->Paths[adapter->ActivePath].Errors++;
    if ((StorPortReadRegisterUlong(adapter, adapter->LinkReg) & 1) != 0) {
        KeReleaseSpinLock(&adapter->Paths[adapter->ActivePath].Lock, oldIrql);   // ok: SpinLockRelease
        return TRUE;                                                             // ok: SpinLock
    }
    adapter->ActivePath = 1;                                                     /* fail over */
    KeReleaseSpinLock(&adapter->Paths[adapter->ActivePath].Lock, oldIrql);       // expect: SpinLockRelease
    StorPortCompleteRequest(adapter, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;                                                                 // expect: SpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FO_ADAPTER);
    init.HwFindAdapter = FoFindAdapter;
    init.HwInitialize = FoInitialize;
    init.HwStartIo = FoStartIo;
    init.HwResetBus = FoResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
