// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=pass
// expect-kind: virtual
/*
 * Only the combined calls: ExEnterCriticalRegionAndAcquireResourceExclusive / ...Shared
 * / ...SharedWaitForExclusive enter a region themselves, and
 * ExReleaseResourceAndLeaveCriticalRegion releases and leaves it. They are monitored
 * calls, so the verdict is `pass`, not `not_applicable`; none is a violation here
 * because every release follows an acquire that opened a region.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VB_ADAPTER {
    ERESOURCE SessionLock;
    ULONG SessionId;
    ULONG Generation;
    HANDLE MonitorThread;
} VB_ADAPTER, *PVB_ADAPTER;

VOID
VbMonitorThread(PVOID StartContext)
{
    PVB_ADAPTER adapter = StartContext;
    ULONG id;

    ExEnterCriticalRegionAndAcquireResourceShared(&adapter->SessionLock);
    id = adapter->SessionId;
    ExReleaseResourceAndLeaveCriticalRegion(&adapter->SessionLock);         // ok: WithinCriticalRegion
    if (id == 0) {
        ExEnterCriticalRegionAndAcquireResourceExclusive(&adapter->SessionLock);
        adapter->SessionId = 1;
        adapter->Generation++;
        ExReleaseResourceAndLeaveCriticalRegion(&adapter->SessionLock);     // ok: WithinCriticalRegion
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
VbFreeAdapterResources(PVOID DeviceExtension)
{
    PVB_ADAPTER adapter = DeviceExtension;

    ExEnterCriticalRegionAndAcquireSharedWaitForExclusive(&adapter->SessionLock);
    adapter->SessionId = 0;
    ExReleaseResourceAndLeaveCriticalRegion(&adapter->SessionLock);         // ok: WithinCriticalRegion
    ExDeleteResourceLite(&adapter->SessionLock);
}

ULONG
VbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVB_ADAPTER adapter = DeviceExtension;
    OBJECT_ATTRIBUTES attributes;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ExInitializeResourceLite(&adapter->SessionLock);
    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(PsCreateSystemThread(&adapter->MonitorThread, THREAD_ALL_ACCESS,
                                         &attributes, NULL, NULL, VbMonitorThread, adapter))) {
        ExDeleteResourceLite(&adapter->SessionLock);
        return SP_RETURN_ERROR;
    }
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VbInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVB_ADAPTER adapter = DeviceExtension;

    Srb->SrbStatus = adapter->SessionId != 0 ? SRB_STATUS_SUCCESS : SRB_STATUS_NO_DEVICE;
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
    init.DeviceExtensionSize = sizeof(VB_ADAPTER);
    init.HwFindAdapter = VbFindAdapter;
    init.HwInitialize = VbInitialize;
    init.HwStartIo = VbStartIo;
    init.HwFreeAdapterResources = VbFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
