// check-rules: StorPortSpinLock, StorPortSpinLock4
// expect-status: StorPortSpinLock=pass, StorPortSpinLock4=pass
// expect-kind: physical
/*
 * The same lock taken twice in one callback, but never while held. The work item (run
 * at PASSIVE_LEVEL by Storport, queued with StorPortQueueWorkItem from the passive
 * initialization routine) refreshes the firmware log: it takes the StartIo lock to copy
 * the log cursor, releases it, does the slow part unlocked, then calls a helper that
 * takes the StartIo lock again -- through a *different* handle, filled by the helper --
 * to publish the new cursor, and releases it there. The second acquire happens after the
 * first release, so the lock is not held; each release names the handle its acquire
 * filled. pass for both rules.
 */

#include <storport.h>

typedef struct _FWL_EXT {
    ULONG Cursor;
    ULONG Entries[32];
    PVOID WorkItem;
    PULONG LogRegister;
} FWL_EXT, *PFWL_EXT;

static VOID
FwlPublishCursor(PFWL_EXT Ext, ULONG Cursor)
{
    STOR_LOCK_HANDLE publishHandle;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &publishHandle);  // ok: StorPortSpinLock -- released above
    Ext->Cursor = Cursor;
    StorPortReleaseSpinLock(Ext, &publishHandle);  // ok: StorPortSpinLock, StorPortSpinLock4
}

VOID
FwlWorkItem(PVOID HwDeviceExtension, PVOID Context, PVOID Worker)
{
    PFWL_EXT ext = (PFWL_EXT)HwDeviceExtension;
    STOR_LOCK_HANDLE cursorHandle;
    ULONG cursor;
    ULONG i;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &cursorHandle);
    cursor = ext->Cursor;
    StorPortReleaseSpinLock(ext, &cursorHandle);  // ok: StorPortSpinLock4
    for (i = 0; i < 32; i++) {
        ext->Entries[(cursor + i) % 32] = StorPortReadRegisterUlong(ext, ext->LogRegister);
    }
    FwlPublishCursor(ext, (cursor + 32) % 32);
}  // ok: StorPortSpinLock

BOOLEAN
FwlPassiveInit(PVOID DeviceExtension)
{
    PFWL_EXT ext = (PFWL_EXT)DeviceExtension;

    if (StorPortInitializeWorker(ext, &ext->WorkItem) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    StorPortQueueWorkItem(ext, FwlWorkItem, ext->WorkItem, NULL);
    return TRUE;
}

ULONG
FwlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortEnablePassiveInitialization(DeviceExtension, FwlPassiveInit);
    return SP_RETURN_FOUND;
}

BOOLEAN
FwlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FwlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
FwlInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FWL_EXT);
    init.HwFindAdapter = FwlFindAdapter;
    init.HwInitialize = FwlInitialize;
    init.HwStartIo = FwlStartIo;
    init.HwInterrupt = FwlInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
