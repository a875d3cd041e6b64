// check-rules: StorPortSpinLock
// expect-status: StorPortSpinLock=defect
// expect-kind: physical
/*
 * A `continue` that skips the release. The timeout scan in the unit-control routine
 * walks the LUN table and takes the StartIo lock for each LUN; the "LUN not present"
 * shortcut `continue`s without releasing it. On the next iteration the same lock is
 * acquired again while the miniport still holds it: the violation is at the acquire
 * inside the loop (the re-acquire), not at the exit, since a path stops at its first
 * violation. Reported once, although every iteration could do it.
 * A second, distinct violation: when the *last* LUN is the absent one, its `continue`
 * ends the loop with the lock still held and no further acquire, and the unit-control
 * routine (the current callback; the scan is a helper) returns holding it: reported at
 * the unit-control routine's `return ScsiUnitControlSuccess`, not in the helper.
 */

#include <storport.h>

#define TMO_LUNS 8

typedef struct _LUN_STATE {
    BOOLEAN Present;
    ULONG Outstanding;
    ULONG Ticks;
} LUN_STATE, *PLUN_STATE;

typedef struct _TMO_EXT {
    LUN_STATE Lun[TMO_LUNS];
    ULONG TimedOut;
    PULONG PresenceRegister;
} TMO_EXT, *PTMO_EXT;

static VOID
TmoScanLuns(PTMO_EXT Ext)
{
    STOR_LOCK_HANDLE lunHandle;
    ULONG lun;

    for (lun = 0; lun < TMO_LUNS; lun++) {
        StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &lunHandle);  // expect: StorPortSpinLock
        if (!Ext->Lun[lun].Present) {
            continue;
        }
        if (Ext->Lun[lun].Outstanding != 0 && ++Ext->Lun[lun].Ticks > 30) {
            Ext->TimedOut++;
        }
        StorPortReleaseSpinLock(Ext, &lunHandle);
    }
}

SCSI_UNIT_CONTROL_STATUS
TmoUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType,
               PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiUnitPoFxPowerActive) {
        TmoScanLuns((PTMO_EXT)DeviceExtension);
        return ScsiUnitControlSuccess;  // expect: StorPortSpinLock
    }
    return ScsiUnitControlUnsuccessful;  // ok: StorPortSpinLock
}

ULONG
TmoFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PTMO_EXT ext = (PTMO_EXT)DeviceExtension;
    ULONG presence;
    ULONG lun;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    presence = StorPortReadRegisterUlong(ext, ext->PresenceRegister);
    for (lun = 0; lun < TMO_LUNS; lun++) {
        ext->Lun[lun].Present = (presence & (1u << lun)) != 0;
    }
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
TmoInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
TmoStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTMO_EXT ext = (PTMO_EXT)DeviceExtension;

    ext->Lun[Srb->Lun % TMO_LUNS].Outstanding++;
    return TRUE;
}

BOOLEAN
TmoInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(TMO_EXT);
    init.HwFindAdapter = TmoFindAdapter;
    init.HwInitialize = TmoInitialize;
    init.HwStartIo = TmoStartIo;
    init.HwInterrupt = TmoInterrupt;
    init.HwUnitControl = TmoUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
