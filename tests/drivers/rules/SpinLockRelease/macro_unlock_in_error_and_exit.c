// check-rules: SpinLockRelease
// expect-status: SpinLockRelease=defect
// expect-kind: physical
/*
 * The release behind a macro, invoked twice on one path. MU_UNLOCK wraps
 * KeReleaseSpinLock on the adapter's `MapLock`. HwStorUnitControl's ScsiUnitStart
 * handler maps the LUN under the lock; when the map is full it unlocks, logs, and --
 * instead of returning -- falls into the common exit, which unlocks again. The
 * violation is reported on the line of the second MU_UNLOCK invocation.
 */

#include <storport.h>

#define MU_LOCK(a, irql)   KeAcquireSpinLock(&(a)->MapLock, (irql))
#define MU_UNLOCK(a, irql) KeReleaseSpinLock(&(a)->MapLock, (irql))
#define MU_MAP_ENTRIES 8

typedef struct _MU_ADAPTER {
    KSPIN_LOCK MapLock;
    ULONG MapCount;
    ULONG MapFull;
    PULONG MapLimitReg;
} MU_ADAPTER, *PMU_ADAPTER;

ULONG
MuFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PMU_ADAPTER adapter = (PMU_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->MapLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
MuInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
MuStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_UNIT_CONTROL_STATUS
MuUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PMU_ADAPTER adapter = (PMU_ADAPTER)DeviceExtension;
    SCSI_UNIT_CONTROL_STATUS status = ScsiUnitControlSuccess;
    KIRQL irql;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType != ScsiUnitStart) {
        return ScsiUnitControlUnsuccessful;
    }
    MU_LOCK(adapter, &irql);
    if (adapter->MapCount >= StorPortReadRegisterUlong(adapter, adapter->MapLimitReg)) {
        MU_UNLOCK(adapter, irql);                           // ok: SpinLockRelease
        adapter->MapFull++;
        status = ScsiUnitControlUnsuccessful;
    } else {
        adapter->MapCount++;
    }
    MU_UNLOCK(adapter, irql);                               // expect: SpinLockRelease
    return status;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MU_ADAPTER);
    init.HwFindAdapter = MuFindAdapter;
    init.HwInitialize = MuInitialize;
    init.HwStartIo = MuStartIo;
    init.HwUnitControl = MuUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
