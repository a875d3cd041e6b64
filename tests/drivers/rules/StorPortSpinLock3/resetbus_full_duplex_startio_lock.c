// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * Full duplex only frees the interrupt lock. FindAdapter selects
 * StorSynchronizeFullDuplex; HwStorResetBus then runs with the StartIo lock held by
 * Storport and may take only the interrupt lock. The reset routine calls a flush helper
 * shared with the unit-control routine; the helper takes the StartIo lock to empty the
 * pending list, which is right from HwStorUnitControl (Storport holds nothing there) but
 * re-takes a lock Storport holds when called from HwStorResetBus: reported at the
 * helper's acquire (the ResetBus path). The interrupt lock taken afterwards in ResetBus
 * is allowed in full duplex.
 */

#include <storport.h>

typedef struct _FLX_EXT {
    ULONG PendingCount;
    ULONG ResetCount;
    PULONG ResetRegister;
} FLX_EXT, *PFLX_EXT;

static VOID
FlxFlushPending(PFLX_EXT Ext)
{
    STOR_LOCK_HANDLE pendingHandle;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &pendingHandle);  // expect: StorPortSpinLock3
    Ext->PendingCount = 0;
    StorPortReleaseSpinLock(Ext, &pendingHandle);
}

BOOLEAN
FlxResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PFLX_EXT ext = (PFLX_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;

    FlxFlushPending(ext);
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);
    StorPortWriteRegisterUlong(ext, ext->ResetRegister, 1);
    ext->ResetCount++;
    StorPortReleaseSpinLock(ext, &intHandle);
    StorPortCompleteRequest(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_UNIT_CONTROL_STATUS
FlxUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType,
               PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    switch (ControlType) {
    case ScsiUnitStop:
    case ScsiUnitSurpriseRemoval:
        FlxFlushPending((PFLX_EXT)DeviceExtension);
        return ScsiUnitControlSuccess;
    default:
        return ScsiUnitControlUnsuccessful;
    }
}

ULONG
FlxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
FlxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FlxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFLX_EXT ext = (PFLX_EXT)DeviceExtension;

    ext->PendingCount++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
FlxInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(FLX_EXT);
    init.HwFindAdapter = FlxFindAdapter;
    init.HwInitialize = FlxInitialize;
    init.HwStartIo = FlxStartIo;
    init.HwInterrupt = FlxInterrupt;
    init.HwResetBus = FlxResetBus;
    init.HwUnitControl = FlxUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
