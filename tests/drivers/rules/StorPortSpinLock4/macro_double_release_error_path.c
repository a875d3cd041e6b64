// check-rules: StorPortSpinLock4
// expect-status: StorPortSpinLock4=defect
// expect-kind: physical
/*
 * A release macro used twice on an error path. The driver wraps the lock DDIs in
 * LOCK_STARTIO / UNLOCK; the reset-LUN helper of HwStorUnitControl releases with UNLOCK
 * inside its error branch ("LUN busy", read from the LUN's status register) and then
 * falls through to the common UNLOCK at the end, because the error branch forgot its
 * `return`. The second release (on the error path only) goes through a handle the first
 * one already emptied: reported at the line of the second UNLOCK invocation. On the
 * success path there is one release.
 */

#include <storport.h>

#define LOCK_STARTIO(e, h) StorPortAcquireSpinLock((e), StartIoLock, NULL, (h))
#define UNLOCK(e, h)       StorPortReleaseSpinLock((e), (h))

#define LR_LUNS 16

typedef struct _LR_EXT {
    ULONG Issued[LR_LUNS];
    PULONG LunStatusBase;
    ULONG Resets;
    ULONG Errors;
} LR_EXT, *PLR_EXT;

static BOOLEAN
LrResetLun(PLR_EXT Ext, ULONG Lun)
{
    STOR_LOCK_HANDLE lunHandle;
    BOOLEAN ok = TRUE;

    LOCK_STARTIO(Ext, &lunHandle);
    if (StorPortReadRegisterUlong(Ext, Ext->LunStatusBase + Lun % LR_LUNS) != 0) {
        Ext->Errors++;
        ok = FALSE;
        UNLOCK(Ext, &lunHandle);  // ok: StorPortSpinLock4
    }
    Ext->Resets++;
    UNLOCK(Ext, &lunHandle);  // expect: StorPortSpinLock4
    return ok;
}

SCSI_UNIT_CONTROL_STATUS
LrUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType,
              PVOID Parameters)
{
    PSTOR_ADDR_BTL8 addr;

    if (ControlType != ScsiUnitStart) {
        return ScsiUnitControlUnsuccessful;
    }
    addr = (PSTOR_ADDR_BTL8)Parameters;
    return LrResetLun((PLR_EXT)DeviceExtension, addr->Lun)
               ? ScsiUnitControlSuccess : ScsiUnitControlUnsuccessful;
}

ULONG
LrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
LrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
LrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PLR_EXT ext = (PLR_EXT)DeviceExtension;

    ext->Issued[Srb->Lun % LR_LUNS]++;
    return TRUE;
}

BOOLEAN
LrInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(LR_EXT);
    init.HwFindAdapter = LrFindAdapter;
    init.HwInitialize = LrInitialize;
    init.HwStartIo = LrStartIo;
    init.HwInterrupt = LrInterrupt;
    init.HwUnitControl = LrUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
