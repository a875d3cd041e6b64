// check-rules: SpinLock
// expect-status: SpinLock=defect
// expect-kind: physical
/*
 * The DDIs behind driver macros. MW_LOCK / MW_UNLOCK wrap KeAcquireSpinLock /
 * KeReleaseSpinLock on the adapter's `EventLock`. HwStorUnitControl handles
 * ScsiUnitStart by logging an event under the lock; the logging helper was later
 * changed to lock for itself (MW_LOCK again) while the caller still holds it. The
 * violation is reported on the line of the macro invocation inside MwLogEvent. The
 * ScsiUnitStop case takes the lock once and is fine.
 */

#include <storport.h>

#define MW_LOCK(Adapter, Irql)   KeAcquireSpinLock(&(Adapter)->EventLock, (Irql))
#define MW_UNLOCK(Adapter, Irql) KeReleaseSpinLock(&(Adapter)->EventLock, (Irql))
#define MW_EVENTS 16

typedef struct _MW_ADAPTER {
    KSPIN_LOCK EventLock;
    ULONG EventLog[MW_EVENTS];
    ULONG EventIndex;
    ULONG UnitsStarted;
} MW_ADAPTER, *PMW_ADAPTER;

static VOID
MwLogEvent(PMW_ADAPTER Adapter, ULONG Code)
{
    KIRQL irql;

    MW_LOCK(Adapter, &irql);                                // expect: SpinLock
    Adapter->EventLog[Adapter->EventIndex % MW_EVENTS] = Code;
    Adapter->EventIndex++;
    MW_UNLOCK(Adapter, irql);
}

ULONG
MwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PMW_ADAPTER adapter = (PMW_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->EventLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
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
    KIRQL irql;

    UNREFERENCED_PARAMETER(Parameters);
    switch (ControlType) {
    case ScsiUnitStart:
        MW_LOCK(adapter, &irql);
        adapter->UnitsStarted++;
        MwLogEvent(adapter, 0x100 | adapter->UnitsStarted);
        MW_UNLOCK(adapter, irql);
        return ScsiUnitControlSuccess;
    case ScsiUnitStop:
        MW_LOCK(adapter, &irql);                            // ok: SpinLock
        adapter->UnitsStarted--;
        MW_UNLOCK(adapter, irql);
        return ScsiUnitControlSuccess;
    default:
        return ScsiUnitControlUnsuccessful;
    }
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
