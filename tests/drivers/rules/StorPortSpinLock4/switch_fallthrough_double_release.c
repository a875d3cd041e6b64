// check-rules: StorPortSpinLock4
// expect-status: StorPortSpinLock4=defect
// expect-kind: physical
/*
 * A missing `break` in a `switch`. The adapter-control routine takes the StartIo lock
 * for the PoFx power requests and releases it inside each case. The
 * ScsiAdapterPoFxPowerActive case releases and is missing its `break`, so it falls
 * through into the ScsiAdapterPoFxPowerSetFState case, which releases again through the
 * now empty handle: reported at that second release, on the PowerActive path only (the
 * SetFState case entered directly has one acquire and one release).
 */

#include <storport.h>

typedef struct _PFX_EXT {
    BOOLEAN Active;
    ULONG FState;
} PFX_EXT, *PPFX_EXT;

SCSI_ADAPTER_CONTROL_STATUS
PfxAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                  PVOID Parameters)
{
    PPFX_EXT ext = (PPFX_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    STOR_LOCK_HANDLE queueHandle;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiAdapterPoFxPowerActive] = TRUE;
        list->SupportedTypeList[ScsiAdapterPoFxPowerSetFState] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiAdapterPoFxPowerActive:
        StorPortAcquireSpinLock(ext, StartIoLock, NULL, &queueHandle);
        ext->Active = TRUE;
        StorPortReleaseSpinLock(ext, &queueHandle);  // ok: StorPortSpinLock4
        /* falls through -- missing break */
    case ScsiAdapterPoFxPowerSetFState:
        if (ControlType == ScsiAdapterPoFxPowerSetFState) {
            StorPortAcquireSpinLock(ext, StartIoLock, NULL, &queueHandle);
        }
        ext->FState = 0;
        StorPortReleaseSpinLock(ext, &queueHandle);  // expect: StorPortSpinLock4
        break;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
    return ScsiAdapterControlSuccess;
}

ULONG
PfxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
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
PfxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
PfxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPFX_EXT ext = (PPFX_EXT)DeviceExtension;

    if (!ext->Active) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
    }
    return TRUE;
}

BOOLEAN
PfxInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(PFX_EXT);
    init.HwFindAdapter = PfxFindAdapter;
    init.HwInitialize = PfxInitialize;
    init.HwStartIo = PfxStartIo;
    init.HwInterrupt = PfxInterrupt;
    init.HwAdapterControl = PfxAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
