// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=pass
// expect-kind: virtual
/*
 * False defect (winspd's shape: one `return` at the end): RpLookupLocked returns NULL on
 * two paths, both with the region left: the initial NULL of `entry` when the table is
 * absent, and the result of a lookup that it has just tested against NULL. The two paths
 * meet at the block before the single `return entry;` with the same rule state (no region
 * open), so the engine merges them there; the values of `entry` differ (the constant 0
 * and a symbol that the path condition says is 0) and the merge keeps neither the value
 * nor that condition. The caller then sees "entry != NULL" as possible with no region
 * open and reports the release. The only non-NULL path keeps the region open, so the
 * release under `if (entry != NULL)` is always inside a region. (Variant of
 * WithinCriticalRegion_join_drops_null_fact.c, whose two paths leave through two
 * different `return` statements; a33ce0a..3dbc17a report both, 9ee97f2 only this one.)
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _RP_ENTRY {
    ULONG Refs;
} RP_ENTRY, *PRP_ENTRY;

ERESOURCE RpTableLock;
PVOID RpTable;
PDRIVER_DISPATCH RpStorportPnp;

PRP_ENTRY RpTableFind(PVOID Table, PDEVICE_OBJECT Device);   // no body: unknown result

static BOOLEAN
RpTableAcquire(VOID)
{
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&RpTableLock, TRUE);
    if (RpTable != NULL) {
        return TRUE;                  // region and resource held
    }
    ExReleaseResourceLite(&RpTableLock);
    KeLeaveCriticalRegion();
    return FALSE;
}

static PRP_ENTRY
RpLookupLocked(PDEVICE_OBJECT Device)
{
    PRP_ENTRY entry = NULL;

    if (RpTableAcquire()) {
        entry = RpTableFind(RpTable, Device);
        if (entry == NULL) {
            ExReleaseResourceLite(&RpTableLock);
            KeLeaveCriticalRegion();
        }
    }
    return entry;                     // non-NULL: the caller releases the lock
}

NTSTATUS
RpDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PRP_ENTRY entry = RpLookupLocked(DeviceObject);

    if (entry != NULL) {
        entry->Refs--;
        ExReleaseResourceLite(&RpTableLock);      // ok: WithinCriticalRegion
        KeLeaveCriticalRegion();
    }
    return RpStorportPnp(DeviceObject, Irp);
}

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN RpInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
RpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(ULONG);
    init.HwFindAdapter = RpFindAdapter;
    init.HwInitialize = RpInitialize;
    init.HwStartIo = RpStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
    if (NT_SUCCESS(status)) {
        RpStorportPnp = DriverObject->MajorFunction[IRP_MJ_PNP];
        DriverObject->MajorFunction[IRP_MJ_PNP] = RpDispatchPnp;
    }
    return status;
}
