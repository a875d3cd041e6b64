// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=pass
// expect-kind: physical
/*
 * goto-cleanup done right: a `locked` flag. The HW_TIMER routine (RequestTimerCall)
 * may bail out to `Done:` before taking `HealthLock` (controller not present) or after
 * (bad health record); the cleanup releases only `if (locked)`. Compare
 * goto_error_path_release_without_acquire.c, where the label releases unconditionally.
 * Every release is of a lock held on its path.
 */

#include <storport.h>

#define GL_HEALTH_OK 0x600D

typedef struct _GL_ADAPTER {
    KSPIN_LOCK HealthLock;
    PULONG HealthReg;
    ULONG BadRecords;
    ULONG GoodRecords;
} GL_ADAPTER, *PGL_ADAPTER;

VOID GlTimer(PVOID DeviceExtension);

ULONG
GlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PGL_ADAPTER adapter = (PGL_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->HealthLock);
    adapter->HealthReg = (PULONG)StorPortGetDeviceBase(adapter, ConfigInfo->AdapterInterfaceType,
                                                       ConfigInfo->SystemIoBusNumber,
                                                       (*ConfigInfo->AccessRanges)[0].RangeStart,
                                                       0x100, FALSE);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GlInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, GlTimer, 5000000);
    return TRUE;
}

BOOLEAN
GlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

VOID
GlTimer(PVOID DeviceExtension)
{
    PGL_ADAPTER adapter = (PGL_ADAPTER)DeviceExtension;
    BOOLEAN locked = FALSE;
    KIRQL oldIrql;
    ULONG record;

    if (adapter->HealthReg == NULL) {
        goto Done;
    }
    KeAcquireSpinLock(&adapter->HealthLock, &oldIrql);
    locked = TRUE;
    record = StorPortReadRegisterUlong(adapter, adapter->HealthReg);
    if ((record & 0xFFFF) != GL_HEALTH_OK) {
        adapter->BadRecords++;
        goto Done;
    }
    adapter->GoodRecords++;

Done:
    if (locked) {
        KeReleaseSpinLock(&adapter->HealthLock, oldIrql);   // ok: SpinLockRelease
    }
    StorPortNotification(RequestTimerCall, adapter, GlTimer, 5000000);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(GL_ADAPTER);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = GlFindAdapter;
    init.HwInitialize = GlInitialize;
    init.HwStartIo = GlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
