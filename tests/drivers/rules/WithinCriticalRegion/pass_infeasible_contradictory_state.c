// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=pass
// expect-kind: virtual
/*
 * The monitored calls are reachable in the call graph but on no feasible path, so the
 * verdict is `pass`, not `not_applicable`. The maintenance work item returns early
 * unless the adapter is running, and only then tests for the stopped state, whose
 * branch (which takes the resource without a critical region) can therefore never run.
 */

#include <ntddk.h>
#include <storport.h>

typedef enum _VP_STATE {
    VpStateStopped = 0,
    VpStateRunning = 1,
    VpStateDraining = 2
} VP_STATE;

typedef struct _VP_ADAPTER {
    ERESOURCE ReclaimLock;
    VP_STATE State;
    ULONG Reclaimed;
    PVOID Worker;
} VP_ADAPTER, *PVP_ADAPTER;

VOID
VpMaintenanceWorkItem(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PVP_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    StorPortFreeWorker(adapter, Worker);
    if (adapter->State != VpStateRunning) {
        return;
    }
    adapter->Reclaimed++;
    if (adapter->State == VpStateStopped) {
        ExAcquireResourceExclusiveLite(&adapter->ReclaimLock, TRUE);    // ok: WithinCriticalRegion -- infeasible
        adapter->Reclaimed = 0;
        ExReleaseResourceLite(&adapter->ReclaimLock);                   // ok: WithinCriticalRegion -- infeasible
    }
}

BOOLEAN
VpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVP_ADAPTER adapter = DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_FLUSH && adapter->Worker != NULL) {
        StorPortQueueWorkItem(adapter, VpMaintenanceWorkItem, adapter->Worker, NULL);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

BOOLEAN
VpPassiveInitialize(PVOID DeviceExtension)
{
    PVP_ADAPTER adapter = DeviceExtension;

    adapter->State = VpStateRunning;
    return StorPortInitializeWorker(adapter, &adapter->Worker) == STOR_STATUS_SUCCESS;
}

ULONG
VpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVP_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ExInitializeResourceLite(&adapter->ReclaimLock);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VpInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, VpPassiveInitialize);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VP_ADAPTER);
    init.HwFindAdapter = VpFindAdapter;
    init.HwInitialize = VpInitialize;
    init.HwStartIo = VpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
