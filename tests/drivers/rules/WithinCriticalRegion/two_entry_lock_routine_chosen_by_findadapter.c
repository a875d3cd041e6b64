// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=defect
// expect-kind: virtual
/*
 * A violation that needs two entry points, through function pointers kept in the device
 * extension. FindAdapter selects the LUN-map lock routines: the "legacy" pair (chosen
 * when the argument string starts with 'L') takes the resource without a critical
 * region, the default pair brackets it correctly. HwFreeAdapterResources calls whatever
 * FindAdapter stored; only with the legacy pair is the acquire a violation.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VF_ADAPTER *PVF_ADAPTER;
typedef VOID (*VF_LOCK_ROUTINE)(PVF_ADAPTER Adapter);

typedef struct _VF_ADAPTER {
    ERESOURCE LunMapLock;
    VF_LOCK_ROUTINE LockLunMap;
    VF_LOCK_ROUTINE UnlockLunMap;
    ULONG LunMap[32];
} VF_ADAPTER;

static VOID
VfLockLegacy(PVF_ADAPTER Adapter)
{
    ExAcquireResourceExclusiveLite(&Adapter->LunMapLock, TRUE);     // expect: WithinCriticalRegion
}

static VOID
VfUnlockLegacy(PVF_ADAPTER Adapter)
{
    ExReleaseResourceLite(&Adapter->LunMapLock);                    // ok: WithinCriticalRegion
}

static VOID
VfLock(PVF_ADAPTER Adapter)
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Adapter->LunMapLock, TRUE);     // ok: WithinCriticalRegion
}

static VOID
VfUnlock(PVF_ADAPTER Adapter)
{
    ExReleaseResourceLite(&Adapter->LunMapLock);                    // ok: WithinCriticalRegion
    KeLeaveCriticalRegion();
}

VOID
VfFreeAdapterResources(PVOID DeviceExtension)
{
    PVF_ADAPTER adapter = DeviceExtension;

    adapter->LockLunMap(adapter);
    RtlZeroMemory(adapter->LunMap, sizeof(adapter->LunMap));
    adapter->UnlockLunMap(adapter);
    ExDeleteResourceLite(&adapter->LunMapLock);
}

ULONG
VfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVF_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    ExInitializeResourceLite(&adapter->LunMapLock);
    if (ArgumentString != NULL && ArgumentString[0] == 'L') {
        adapter->LockLunMap = VfLockLegacy;
        adapter->UnlockLunMap = VfUnlockLegacy;
    } else {
        adapter->LockLunMap = VfLock;
        adapter->UnlockLunMap = VfUnlock;
    }
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VfInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VF_ADAPTER);
    init.HwFindAdapter = VfFindAdapter;
    init.HwInitialize = VfInitialize;
    init.HwStartIo = VfStartIo;
    init.HwFreeAdapterResources = VfFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
