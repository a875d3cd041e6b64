// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=defect
// expect-kind: virtual
/*
 * Direct violation in one entry point: the rescan thread (PsCreateSystemThread, started
 * by HwStorInitialize) takes the target-list resource exclusively without disabling
 * normal kernel APCs first. The rule stops following the path at that call, so the
 * matching release is not reported.
 */

#include <ntddk.h>
#include <storport.h>

#define VR_MAX_TARGETS  16

typedef struct _VR_ADAPTER {
    ERESOURCE TargetListLock;
    ULONG TargetCount;
    ULONG TargetIds[VR_MAX_TARGETS];
    HANDLE RescanThread;
} VR_ADAPTER, *PVR_ADAPTER;

VOID
VrRescanThread(PVOID StartContext)
{
    PVR_ADAPTER adapter = StartContext;
    ULONG i;

    ExAcquireResourceExclusiveLite(&adapter->TargetListLock, TRUE);     // expect: WithinCriticalRegion
    for (i = 0; i < adapter->TargetCount; i++) {
        adapter->TargetIds[i] = i;
    }
    ExReleaseResourceLite(&adapter->TargetListLock);                    // ok: WithinCriticalRegion -- path already stopped
    StorPortNotification(BusChangeDetected, adapter, 0);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

ULONG
VrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVR_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (!NT_SUCCESS(ExInitializeResourceLite(&adapter->TargetListLock))) {
        return SP_RETURN_ERROR;
    }
    adapter->TargetCount = 4;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfTargets = VR_MAX_TARGETS;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VrInitialize(PVOID DeviceExtension)
{
    PVR_ADAPTER adapter = DeviceExtension;
    OBJECT_ATTRIBUTES attributes;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    return NT_SUCCESS(PsCreateSystemThread(&adapter->RescanThread, THREAD_ALL_ACCESS,
                                           &attributes, NULL, NULL, VrRescanThread,
                                           adapter));
}

BOOLEAN
VrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVR_ADAPTER adapter = DeviceExtension;

    Srb->SrbStatus = Srb->TargetId < adapter->TargetCount ? SRB_STATUS_SUCCESS
                                                           : SRB_STATUS_NO_DEVICE;
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
    init.DeviceExtensionSize = sizeof(VR_ADAPTER);
    init.HwFindAdapter = VrFindAdapter;
    init.HwInitialize = VrInitialize;
    init.HwStartIo = VrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
