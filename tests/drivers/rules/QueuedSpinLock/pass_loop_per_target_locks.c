// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * A loop that takes and drops one queued lock per target, reusing one handle: every
 * iteration releases the lock it took before the next acquire, and the `continue` for
 * an idle target releases first too. The loop must be analysed to a fixpoint without
 * inventing a re-acquire (the handle's lock from the previous iteration is already
 * released) or a lock held after the loop. HwStorAdapterControl runs the sweep for
 * ScsiStopAdapter (at DIRQL is not an issue for this rule).
 */

#include <storport.h>

#define PT_TARGETS 4

typedef struct _PT_TARGET {
    KSPIN_LOCK Lock;
    PULONG OutstandingReg;
    ULONG Outstanding;
    ULONG Aborted;
} PT_TARGET;

typedef struct _PT_ADAPTER {
    PT_TARGET Targets[PT_TARGETS];
    ULONG TotalAborted;
} PT_ADAPTER, *PPT_ADAPTER;

static ULONG
PtSweep(PPT_ADAPTER Adapter)
{
    KLOCK_QUEUE_HANDLE handle;
    ULONG i;
    ULONG aborted = 0;

    for (i = 0; i < PT_TARGETS; i++) {
        KeAcquireInStackQueuedSpinLock(&Adapter->Targets[i].Lock, &handle);  // ok: QueuedSpinLock
        Adapter->Targets[i].Outstanding =
            StorPortReadRegisterUlong(Adapter, Adapter->Targets[i].OutstandingReg);
        if (Adapter->Targets[i].Outstanding == 0) {
            KeReleaseInStackQueuedSpinLock(&handle);
            continue;
        }
        aborted += Adapter->Targets[i].Outstanding;
        Adapter->Targets[i].Aborted += Adapter->Targets[i].Outstanding;
        Adapter->Targets[i].Outstanding = 0;
        KeReleaseInStackQueuedSpinLock(&handle);
    }
    return aborted;
}

ULONG
PtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPT_ADAPTER adapter = (PPT_ADAPTER)DeviceExtension;
    ULONG i;

    for (i = 0; i < PT_TARGETS; i++) {
        KeInitializeSpinLock(&adapter->Targets[i].Lock);
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PtInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
PtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
PtAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PPT_ADAPTER adapter = (PPT_ADAPTER)DeviceExtension;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes: {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    }
    case ScsiStopAdapter:
        adapter->TotalAborted += PtSweep(adapter);
        return ScsiAdapterControlSuccess;                               // ok: QueuedSpinLock
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(PT_ADAPTER);
    init.HwFindAdapter = PtFindAdapter;
    init.HwInitialize = PtInitialize;
    init.HwStartIo = PtStartIo;
    init.HwAdapterControl = PtAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
