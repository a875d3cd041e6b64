// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=pass
// expect-kind: virtual
/*
 * A recursive helper that keeps the counter balanced. Tearing down the virtual LUN
 * hierarchy, VtDrainLevel enters a critical region and takes the level's resource, then
 * recurses into the next level while still holding it (nested regions), and releases
 * and leaves on the way back. Every acquire and release is inside at least one region,
 * whatever the depth.
 */

#include <ntddk.h>
#include <storport.h>

#define VT_LEVELS 3

typedef struct _VT_ADAPTER {
    ERESOURCE LevelLocks[VT_LEVELS];
    ULONG Outstanding[VT_LEVELS];
    ULONG Depth;
} VT_ADAPTER, *PVT_ADAPTER;

static VOID
VtDrainLevel(PVT_ADAPTER Adapter, ULONG Level)
{
    if (Level >= Adapter->Depth) {
        return;
    }
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Adapter->LevelLocks[Level], TRUE);  // ok: WithinCriticalRegion
    Adapter->Outstanding[Level] = 0;
    VtDrainLevel(Adapter, Level + 1);
    ExReleaseResourceLite(&Adapter->LevelLocks[Level]);                 // ok: WithinCriticalRegion
    KeLeaveCriticalRegion();
}

VOID
VtFreeAdapterResources(PVOID DeviceExtension)
{
    PVT_ADAPTER adapter = DeviceExtension;
    ULONG i;

    VtDrainLevel(adapter, 0);
    for (i = 0; i < VT_LEVELS; i++) {
        ExDeleteResourceLite(&adapter->LevelLocks[i]);
    }
}

ULONG
VtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVT_ADAPTER adapter = DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    for (i = 0; i < VT_LEVELS; i++) {
        ExInitializeResourceLite(&adapter->LevelLocks[i]);
    }
    adapter->Depth = (ArgumentString != NULL && ArgumentString[0] == 'F') ? 1 : VT_LEVELS;
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VtInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVT_ADAPTER adapter = DeviceExtension;

    adapter->Outstanding[Srb->Lun % VT_LEVELS]++;
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
    init.DeviceExtensionSize = sizeof(VT_ADAPTER);
    init.HwFindAdapter = VtFindAdapter;
    init.HwInitialize = VtInitialize;
    init.HwStartIo = VtStartIo;
    init.HwFreeAdapterResources = VtFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
