// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * One KLOCK_QUEUE_HANDLE reused for two locks in a row. The HwStorUnitControl routine
 * takes the LUN-table lock through `handle`, releases it, then takes the reservation lock
 * through the same `handle`. From then on `handle` holds the reservation lock, not the
 * LUN-table lock: taking the LUN-table lock again through `scratch` is fine, but taking
 * the reservation lock through `scratch` while `handle` still holds it is a re-acquire
 * of a held lock (the rule must update which lock the reused handle holds).
 */

#include <storport.h>

typedef struct _RU_ADAPTER {
    KSPIN_LOCK LunTableLock;
    KSPIN_LOCK ReservationLock;
    ULONG LunCount;
    ULONG ReservedBy;
    ULONG ReservationGeneration;
} RU_ADAPTER, *PRU_ADAPTER;

ULONG
RuFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRU_ADAPTER adapter = (PRU_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->LunTableLock);
    KeInitializeSpinLock(&adapter->ReservationLock);
    adapter->LunCount = 8;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RuInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RuStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_UNIT_CONTROL_STATUS
RuUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PRU_ADAPTER adapter = (PRU_ADAPTER)DeviceExtension;
    PSTOR_ADDR_BTL8 address = (PSTOR_ADDR_BTL8)Parameters;
    KLOCK_QUEUE_HANDLE handle;
    KLOCK_QUEUE_HANDLE scratch;
    ULONG lun;

    if (ControlType != ScsiUnitRemove) {
        return ScsiUnitControlSuccess;
    }
    lun = address->Lun;

    KeAcquireInStackQueuedSpinLock(&adapter->LunTableLock, &handle);
    if (lun >= adapter->LunCount) {
        KeReleaseInStackQueuedSpinLock(&handle);
        return ScsiUnitControlUnsuccessful;
    }
    adapter->LunCount--;
    KeReleaseInStackQueuedSpinLock(&handle);

    KeAcquireInStackQueuedSpinLock(&adapter->ReservationLock, &handle);     /* handle reused */
    if (adapter->ReservedBy == lun) {
        adapter->ReservedBy = 0;
    }
    KeAcquireInStackQueuedSpinLock(&adapter->LunTableLock, &scratch);       // ok: QueuedSpinLock
    adapter->LunCount = adapter->LunCount;
    KeReleaseInStackQueuedSpinLock(&scratch);

    KeAcquireInStackQueuedSpinLock(&adapter->ReservationLock, &scratch);    // expect: QueuedSpinLock
    adapter->ReservationGeneration++;
    KeReleaseInStackQueuedSpinLock(&scratch);
    KeReleaseInStackQueuedSpinLock(&handle);
    return ScsiUnitControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RU_ADAPTER);
    init.HwFindAdapter = RuFindAdapter;
    init.HwInitialize = RuInitialize;
    init.HwStartIo = RuStartIo;
    init.HwUnitControl = RuUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
