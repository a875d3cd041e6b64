// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=defect
// expect-kind: physical
/*
 * Acquire before a loop, release inside it. The HW_TIMER routine (armed with
 * StorPortNotification(RequestTimerCall, ...)) takes `AgeLock` once, then walks the
 * outstanding-command table; the release that should follow the loop was moved into
 * the loop body when a "log and unlock" helper was inlined. The table has
 * `TableSize` entries (4, set by FindAdapter), so the second iteration releases a lock
 * the first already released: the violation is the release inside the loop (its
 * first execution is fine -- same line, one report).
 */

#include <storport.h>

#define LA_ENTRIES 4

typedef struct _LA_ADAPTER {
    KSPIN_LOCK AgeLock;
    ULONG TableSize;
    ULONG Age[LA_ENTRIES];
} LA_ADAPTER, *PLA_ADAPTER;

VOID LaTimer(PVOID DeviceExtension);

ULONG
LaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLA_ADAPTER adapter = (PLA_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->AgeLock);
    adapter->TableSize = LA_ENTRIES;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LaInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, LaTimer, 500000);
    return TRUE;
}

BOOLEAN
LaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

VOID
LaTimer(PVOID DeviceExtension)
{
    PLA_ADAPTER adapter = (PLA_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    ULONG i;

    KeAcquireSpinLock(&adapter->AgeLock, &oldIrql);
    for (i = 0; i < adapter->TableSize; i++) {
        adapter->Age[i]++;
        KeReleaseSpinLock(&adapter->AgeLock, oldIrql);      // expect: SpinLockRelease
    }
    StorPortNotification(RequestTimerCall, adapter, LaTimer, 500000);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(LA_ADAPTER);
    init.HwFindAdapter = LaFindAdapter;
    init.HwInitialize = LaInitialize;
    init.HwStartIo = LaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
