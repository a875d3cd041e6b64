// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=pass
// expect-kind: physical
/*
 * A lock acquired and released inside FindAdapter, then used again by later callbacks.
 * FindAdapter takes `InventoryLock` with KeAcquireSpinLockRaiseToDpc while it records
 * the LUNs the controller reports, and releases it before each of its exits (the
 * SP_RETURN_NOT_FOUND one included). HwStorStartIo and HwStorUnitControl take the same
 * lock again: on every path it was released by FindAdapter, so these are not
 * re-acquires, and each callback releases before returning.
 */

#include <storport.h>

#define FS_LUNS 16

typedef struct _FS_ADAPTER {
    KSPIN_LOCK InventoryLock;
    ULONG LunMask;
    ULONG ActiveUnits;
    PULONG LunReg;
} FS_ADAPTER, *PFS_ADAPTER;

ULONG
FsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFS_ADAPTER adapter = (PFS_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    *Again = FALSE;
    KeInitializeSpinLock(&adapter->InventoryLock);
    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->InventoryLock);   // ok: SpinLockDpc
    adapter->LunMask = StorPortReadRegisterUlong(adapter, adapter->LunReg) & 0xFFFF;
    if (adapter->LunMask == 0) {
        KeReleaseSpinLock(&adapter->InventoryLock, oldIrql);
        return SP_RETURN_NOT_FOUND;                         // ok: SpinLockDpc
    }
    KeReleaseSpinLock(&adapter->InventoryLock, oldIrql);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumNumberOfLogicalUnits = FS_LUNS;
    return SP_RETURN_FOUND;                                 // ok: SpinLockDpc
}

BOOLEAN
FsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFS_ADAPTER adapter = (PFS_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    BOOLEAN present;

    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->InventoryLock);   // ok: SpinLockDpc
    present = (adapter->LunMask & (1u << (Srb->Lun % FS_LUNS))) != 0;
    KeReleaseSpinLock(&adapter->InventoryLock, oldIrql);

    Srb->SrbStatus = present ? SRB_STATUS_SUCCESS : SRB_STATUS_NO_DEVICE;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

SCSI_UNIT_CONTROL_STATUS
FsUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PFS_ADAPTER adapter = (PFS_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType != ScsiUnitStart && ControlType != ScsiUnitStop) {
        return ScsiUnitControlUnsuccessful;
    }
    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->InventoryLock);   // ok: SpinLockDpc
    if (ControlType == ScsiUnitStart) {
        adapter->ActiveUnits++;
    } else if (adapter->ActiveUnits > 0) {
        adapter->ActiveUnits--;
    }
    KeReleaseSpinLock(&adapter->InventoryLock, oldIrql);
    return ScsiUnitControlSuccess;                          // ok: SpinLockDpc
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FS_ADAPTER);
    init.HwFindAdapter = FsFindAdapter;
    init.HwInitialize = FsInitialize;
    init.HwStartIo = FsStartIo;
    init.HwUnitControl = FsUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
