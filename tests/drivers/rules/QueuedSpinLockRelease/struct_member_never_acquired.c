// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * Two handles in one struct; the release names the wrong member. HwStorUnitControl's
 * ScsiUnitRemove handling keeps a SM_REMOVE_STATE with `TargetHandle` and `LunHandle`.
 * It takes the target lock through `TargetHandle` only, but the unlock helper releases
 * `LunHandle` -- a different handle, never used to acquire. Members of one struct are
 * different handles; reported at the helper's release.
 */

#include <storport.h>

typedef struct _SM_ADAPTER {
    KSPIN_LOCK TargetLock;
    KSPIN_LOCK LunLock;
    ULONG Targets;
    ULONG Removals;
} SM_ADAPTER, *PSM_ADAPTER;

typedef struct _SM_REMOVE_STATE {
    KLOCK_QUEUE_HANDLE TargetHandle;
    KLOCK_QUEUE_HANDLE LunHandle;
    ULONG Target;
} SM_REMOVE_STATE, *PSM_REMOVE_STATE;

static VOID
SmUnlockTarget(PSM_REMOVE_STATE State)
{
    KeReleaseInStackQueuedSpinLock(&State->LunHandle);                  // expect: QueuedSpinLockRelease
}

ULONG
SmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSM_ADAPTER adapter = (PSM_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TargetLock);
    KeInitializeSpinLock(&adapter->LunLock);
    adapter->Targets = 16;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SmInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_UNIT_CONTROL_STATUS
SmUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PSM_ADAPTER adapter = (PSM_ADAPTER)DeviceExtension;
    PSTOR_ADDR_BTL8 address = (PSTOR_ADDR_BTL8)Parameters;
    SM_REMOVE_STATE state;

    if (ControlType != ScsiUnitRemove) {
        return ScsiUnitControlSuccess;
    }
    state.Target = address->Target;
    KeAcquireInStackQueuedSpinLock(&adapter->TargetLock, &state.TargetHandle);
    adapter->Removals++;
    SmUnlockTarget(&state);
    return ScsiUnitControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SM_ADAPTER);
    init.HwFindAdapter = SmFindAdapter;
    init.HwInitialize = SmInitialize;
    init.HwStartIo = SmStartIo;
    init.HwUnitControl = SmUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
