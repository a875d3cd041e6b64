// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=defect
// expect-kind: virtual
/*
 * Releases are monitored too. HwFreeAdapterResources leaves the critical region before
 * releasing the resource (wrong order), so ExReleaseResourceLite runs with the counter at
 * zero. The journal thread mixes styles: it enters with KeEnterCriticalRegion, leaves
 * early, and then releases with ExReleaseResourceAndLeaveCriticalRegion -- a violation,
 * since the counter is already 0 before that call. The acquires are fine.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VJ_ADAPTER {
    ERESOURCE JournalLock;
    ULONG JournalHead;
    HANDLE JournalThread;
} VJ_ADAPTER, *PVJ_ADAPTER;

VOID
VjJournalThread(PVOID StartContext)
{
    PVJ_ADAPTER adapter = StartContext;
    ULONG head;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&adapter->JournalLock, TRUE);       // ok: WithinCriticalRegion
    head = adapter->JournalHead;
    KeLeaveCriticalRegion();
    if (head != 0) {
        adapter->JournalHead = 0;
    }
    ExReleaseResourceAndLeaveCriticalRegion(&adapter->JournalLock); // expect: WithinCriticalRegion
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
VjFreeAdapterResources(PVOID DeviceExtension)
{
    PVJ_ADAPTER adapter = DeviceExtension;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&adapter->JournalLock, TRUE);    // ok: WithinCriticalRegion
    adapter->JournalHead = 0;
    KeLeaveCriticalRegion();
    ExReleaseResourceLite(&adapter->JournalLock);                   // expect: WithinCriticalRegion
    ExDeleteResourceLite(&adapter->JournalLock);
}

ULONG
VjFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVJ_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ExInitializeResourceLite(&adapter->JournalLock);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VjInitialize(PVOID DeviceExtension)
{
    PVJ_ADAPTER adapter = DeviceExtension;
    OBJECT_ATTRIBUTES attributes;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    return NT_SUCCESS(PsCreateSystemThread(&adapter->JournalThread, THREAD_ALL_ACCESS,
                                           &attributes, NULL, NULL, VjJournalThread,
                                           adapter));
}

BOOLEAN
VjStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VJ_ADAPTER);
    init.HwFindAdapter = VjFindAdapter;
    init.HwInitialize = VjInitialize;
    init.HwStartIo = VjStartIo;
    init.HwFreeAdapterResources = VjFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
