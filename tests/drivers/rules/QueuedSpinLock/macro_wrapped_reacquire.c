// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * The driver wraps the DDIs in its own macros (MW_LOCK / MW_UNLOCK, and MW_WITH_LOCK
 * built on them). HwStorUnitControl holds the LUN's lock through MW_LOCK and then uses
 * MW_WITH_LOCK on the same lock to bump the LUN's generation: the macro expands to a
 * second KeAcquireInStackQueuedSpinLock of a lock the path holds. A statement from a
 * macro expansion is reported on the line where the (outer) macro is invoked. The
 * earlier MW_WITH_LOCK on the adapter-wide lock takes a different lock and is fine.
 */

#include <storport.h>

#define MW_LOCK(lock, h)    KeAcquireInStackQueuedSpinLock((lock), (h))
#define MW_UNLOCK(h)        KeReleaseInStackQueuedSpinLock(h)
#define MW_WITH_LOCK(lock, stmt)                \
    do {                                        \
        KLOCK_QUEUE_HANDLE mwHandle_;           \
        MW_LOCK((lock), &mwHandle_);            \
        stmt;                                   \
        MW_UNLOCK(&mwHandle_);                  \
    } while (0)

typedef struct _MW_LUN {
    KSPIN_LOCK Lock;
    ULONG Generation;
    BOOLEAN Started;
} MW_LUN, *PMW_LUN;

typedef struct _MW_ADAPTER {
    KSPIN_LOCK AdapterLock;
    ULONG StartedLuns;
    MW_LUN Luns[4];
} MW_ADAPTER, *PMW_ADAPTER;

ULONG
MwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PMW_ADAPTER adapter = (PMW_ADAPTER)DeviceExtension;
    ULONG i;

    KeInitializeSpinLock(&adapter->AdapterLock);
    for (i = 0; i < 4; i++) {
        KeInitializeSpinLock(&adapter->Luns[i].Lock);
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
MwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
MwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_UNIT_CONTROL_STATUS
MwUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PMW_ADAPTER adapter = (PMW_ADAPTER)DeviceExtension;
    PSTOR_ADDR_BTL8 address = (PSTOR_ADDR_BTL8)Parameters;
    PMW_LUN lun;
    KLOCK_QUEUE_HANDLE handle;

    if (ControlType != ScsiUnitStart || address->Lun >= 4) {
        return ScsiUnitControlUnsuccessful;
    }
    lun = &adapter->Luns[address->Lun];

    MW_LOCK(&lun->Lock, &handle);
    lun->Started = TRUE;
    MW_WITH_LOCK(&adapter->AdapterLock, adapter->StartedLuns++);     // ok: QueuedSpinLock
    MW_WITH_LOCK(&lun->Lock, lun->Generation++);                     // expect: QueuedSpinLock
    MW_UNLOCK(&handle);
    return ScsiUnitControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MW_ADAPTER);
    init.HwFindAdapter = MwFindAdapter;
    init.HwInitialize = MwInitialize;
    init.HwStartIo = MwStartIo;
    init.HwUnitControl = MwUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
