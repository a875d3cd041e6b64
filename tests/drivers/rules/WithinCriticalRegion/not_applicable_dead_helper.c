// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=not_applicable
// expect-kind: virtual
/*
 * No monitored call is reachable. The live code initializes and deletes the resource,
 * asks whether it is held, and enters / leaves critical regions (none of which the rule
 * monitors); the only ExAcquireResourceExclusiveLite / ExReleaseResourceLite calls are
 * in a static helper from a removed feature that nothing calls.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VN_ADAPTER {
    ERESOURCE PolicyLock;
    KEVENT PolicyChanged;
    ULONG Policy;
} VN_ADAPTER, *PVN_ADAPTER;

static VOID
VnSetPolicyLegacy(PVN_ADAPTER Adapter, ULONG Policy)
{
    ExAcquireResourceExclusiveLite(&Adapter->PolicyLock, TRUE);     // ok: WithinCriticalRegion -- unreachable
    Adapter->Policy = Policy;
    ExReleaseResourceLite(&Adapter->PolicyLock);                    // ok: WithinCriticalRegion -- unreachable
}

VOID
VnFreeAdapterResources(PVOID DeviceExtension)
{
    PVN_ADAPTER adapter = DeviceExtension;
    LARGE_INTEGER timeout;

    timeout.QuadPart = -10 * 1000 * 100;
    KeEnterCriticalRegion();
    KeWaitForSingleObject(&adapter->PolicyChanged, Executive, KernelMode, FALSE, &timeout);
    KeLeaveCriticalRegion();
    if (!ExIsResourceAcquiredExclusiveLite(&adapter->PolicyLock)) {
        ExDeleteResourceLite(&adapter->PolicyLock);
    }
}

ULONG
VnFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVN_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ExInitializeResourceLite(&adapter->PolicyLock);
    KeInitializeEvent(&adapter->PolicyChanged, NotificationEvent, FALSE);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VnInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

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
    init.HwFreeAdapterResources = VnFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
