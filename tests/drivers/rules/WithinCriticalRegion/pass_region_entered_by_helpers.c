// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=pass
// expect-kind: virtual
/*
 * The region counter follows calls into helpers and back. VcEnterAndLockShared enters
 * the critical region for its caller and VcUnlockAndLeave leaves it; VcDisableApcs /
 * VcEnableApcs only enter and leave. Resources are reached through a local copy of
 * &adapter->StatsLock and through a PERESOURCE field of a target. The passive
 * initialization routine nests regions (count 2, then back to 1 while it still holds
 * the resource). Every acquire and release happens with the counter above zero.
 */

#include <ntddk.h>
#include <storport.h>

#define VC_TARGETS 2

typedef struct _VC_TARGET {
    PERESOURCE Lock;
    ULONG IoCount;
} VC_TARGET, *PVC_TARGET;

typedef struct _VC_ADAPTER {
    ERESOURCE StatsLock;
    ERESOURCE TargetLocks[VC_TARGETS];
    VC_TARGET Targets[VC_TARGETS];
    ULONG TotalIo;
    PVOID Worker;
} VC_ADAPTER, *PVC_ADAPTER;

static VOID VcDisableApcs(VOID) { KeEnterCriticalRegion(); }
static VOID VcEnableApcs(VOID) { KeLeaveCriticalRegion(); }

static VOID
VcEnterAndLockShared(PERESOURCE Lock)
{
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(Lock, TRUE);            // ok: WithinCriticalRegion
}

static VOID
VcUnlockAndLeave(PERESOURCE Lock)
{
    ExReleaseResourceLite(Lock);                        // ok: WithinCriticalRegion
    KeLeaveCriticalRegion();
}

VOID
VcStatsWorkItem(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PVC_ADAPTER adapter = DeviceExtension;
    PERESOURCE stats = &adapter->StatsLock;
    PVC_TARGET target = &adapter->Targets[1];

    UNREFERENCED_PARAMETER(Context);
    VcEnterAndLockShared(stats);
    adapter->TotalIo = adapter->Targets[0].IoCount + adapter->Targets[1].IoCount;
    VcUnlockAndLeave(stats);

    VcDisableApcs();
    ExAcquireResourceExclusiveLite(target->Lock, TRUE); // ok: WithinCriticalRegion
    target->IoCount = 0;
    ExReleaseResourceLite(target->Lock);                // ok: WithinCriticalRegion
    VcEnableApcs();
    StorPortFreeWorker(adapter, Worker);
}

BOOLEAN
VcPassiveInitialize(PVOID DeviceExtension)
{
    PVC_ADAPTER adapter = DeviceExtension;

    KeEnterCriticalRegion();
    VcEnterAndLockShared(&adapter->StatsLock);
    VcUnlockAndLeave(&adapter->StatsLock);
    ExAcquireResourceExclusiveLite(&adapter->StatsLock, TRUE);  // ok: WithinCriticalRegion -- still one region open
    adapter->TotalIo = 0;
    ExReleaseResourceLite(&adapter->StatsLock);                 // ok: WithinCriticalRegion
    KeLeaveCriticalRegion();
    if (StorPortInitializeWorker(adapter, &adapter->Worker) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    StorPortQueueWorkItem(adapter, VcStatsWorkItem, adapter->Worker, NULL);
    return TRUE;
}

ULONG
VcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVC_ADAPTER adapter = DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ExInitializeResourceLite(&adapter->StatsLock);
    for (i = 0; i < VC_TARGETS; i++) {
        ExInitializeResourceLite(&adapter->TargetLocks[i]);
        adapter->Targets[i].Lock = &adapter->TargetLocks[i];
    }
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VcInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, VcPassiveInitialize);
}

BOOLEAN
VcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVC_ADAPTER adapter = DeviceExtension;

    adapter->Targets[Srb->TargetId % VC_TARGETS].IoCount++;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VC_ADAPTER);
    init.HwFindAdapter = VcFindAdapter;
    init.HwInitialize = VcInitialize;
    init.HwStartIo = VcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
