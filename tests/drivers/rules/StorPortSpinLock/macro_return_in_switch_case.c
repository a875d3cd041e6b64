// check-rules: StorPortSpinLock
// expect-status: StorPortSpinLock=defect
// expect-kind: physical
/*
 * Driver macros around the lock DDIs, and a `return` inside a locked `switch` case.
 * HwStorAdapterControl takes the StartIo lock with the driver's QUEUE_LOCK macro for the
 * power transitions; the ScsiAdapterPower case returns "unsuccessful" from inside the
 * switch when the requested state is not supported, skipping the QUEUE_UNLOCK after the
 * switch. The violation is the callback returning while it holds the lock it acquired:
 * reported at that `return` (a plain statement, not a macro). The other cases reach
 * QUEUE_UNLOCK. The macro lines themselves are not reported.
 */

#include <storport.h>

#define QUEUE_LOCK(e, h)   StorPortAcquireSpinLock((e), StartIoLock, NULL, (h))
#define QUEUE_UNLOCK(e, h) StorPortReleaseSpinLock((e), (h))

typedef struct _PWR_EXT {
    ULONG PowerState;
    BOOLEAN Paused;
    ULONG Transitions;
} PWR_EXT, *PPWR_EXT;

SCSI_ADAPTER_CONTROL_STATUS
PwrAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                  PVOID Parameters)
{
    PPWR_EXT ext = (PPWR_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    PSTOR_ADAPTER_CONTROL_POWER power;
    STOR_LOCK_HANDLE queueHandle;

    if (ControlType == ScsiQuerySupportedControlTypes) {
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiAdapterPower] = TRUE;
        list->SupportedTypeList[ScsiAdapterPoFxPowerActive] = TRUE;
        return ScsiAdapterControlSuccess;
    }

    QUEUE_LOCK(ext, &queueHandle);  // ok: StorPortSpinLock
    switch (ControlType) {
    case ScsiAdapterPower:
        power = (PSTOR_ADAPTER_CONTROL_POWER)Parameters;
        if (power->PowerState > 3) {
            return ScsiAdapterControlUnsuccessful;  // expect: StorPortSpinLock
        }
        ext->PowerState = power->PowerState;
        break;
    case ScsiAdapterPoFxPowerActive:
        ext->Paused = FALSE;
        break;
    default:
        break;
    }
    ext->Transitions++;
    QUEUE_UNLOCK(ext, &queueHandle);  // ok: StorPortSpinLock
    return ScsiAdapterControlSuccess;  // ok: StorPortSpinLock
}

ULONG
PwrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
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
PwrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
PwrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPWR_EXT ext = (PPWR_EXT)DeviceExtension;

    if (ext->Paused) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
    }
    return TRUE;
}

BOOLEAN
PwrInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(PWR_EXT);
    init.HwFindAdapter = PwrFindAdapter;
    init.HwInitialize = PwrInitialize;
    init.HwStartIo = PwrStartIo;
    init.HwInterrupt = PwrInterrupt;
    init.HwAdapterControl = PwrAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
