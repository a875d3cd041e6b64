// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=defect
// expect-kind: virtual
/*
 * A loop. The namespace-sync routine (an I/O work item queued with IoQueueWorkItem,
 * context = the device extension) enters one critical region before the loop but
 * leaves it inside the loop body. The first namespace is handled inside the region; the
 * acquire of the second iteration runs with the counter back at zero.
 */

#include <ntddk.h>
#include <storport.h>

#define VN_NAMESPACES 4

typedef struct _VN_NAMESPACE {
    ERESOURCE Lock;
    ULONG64 Capacity;
} VN_NAMESPACE, *PVN_NAMESPACE;

typedef struct _VN_ADAPTER {
    PDEVICE_OBJECT Self;
    PIO_WORKITEM SyncItem;
    ULONG NamespaceCount;
    VN_NAMESPACE Namespaces[VN_NAMESPACES];
} VN_ADAPTER, *PVN_ADAPTER;

VOID
VnSyncNamespaces(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PVN_ADAPTER adapter = Context;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);
    KeEnterCriticalRegion();
    for (i = 0; i < adapter->NamespaceCount; i++) {
        ExAcquireResourceExclusiveLite(&adapter->Namespaces[i].Lock, TRUE);    // expect: WithinCriticalRegion
        adapter->Namespaces[i].Capacity = 0x100000;
        ExReleaseResourceLite(&adapter->Namespaces[i].Lock);                   // ok: WithinCriticalRegion
        KeLeaveCriticalRegion();
    }
}

ULONG
VnFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVN_ADAPTER adapter = DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    for (i = 0; i < VN_NAMESPACES; i++) {
        ExInitializeResourceLite(&adapter->Namespaces[i].Lock);
    }
    adapter->NamespaceCount = VN_NAMESPACES;
    StorPortGetDeviceObjects(adapter, (PVOID *)&adapter->Self, NULL, NULL);
    adapter->SyncItem = IoAllocateWorkItem(adapter->Self);
    if (adapter->SyncItem == NULL) {
        return SP_RETURN_ERROR;
    }
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VnInitialize(PVOID DeviceExtension)
{
    PVN_ADAPTER adapter = DeviceExtension;

    IoQueueWorkItem(adapter->SyncItem, VnSyncNamespaces, DelayedWorkQueue, adapter);
    return TRUE;
}

BOOLEAN
VnStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VN_ADAPTER);
    init.HwFindAdapter = VnFindAdapter;
    init.HwInitialize = VnInitialize;
    init.HwStartIo = VnStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
