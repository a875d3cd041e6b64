// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * A "try-lock" helper whose result says whether it took the lock. TmTryLockQueue reads
 * the controller's reset-in-progress bit (a register value the path does not decide):
 * during a reset it returns FALSE without acquiring; otherwise it takes the StartIo
 * lock through the caller's handle and returns TRUE. Its caller, the requeue step of
 * HwStorAdapterControl's ScsiRestartAdapter, releases only when the helper returned
 * TRUE, so release and acquire are correlated through
 * the return value. The early "nothing to requeue" return happens after the release.
 * pass for both rules.
 */

#include <storport.h>

#define TM_RESET_IN_PROGRESS 0x2

typedef struct _TM_EXT {
    PULONG StatusRegister;
    ULONG Requeued;
    ULONG Pending;
} TM_EXT, *PTM_EXT;

static BOOLEAN
TmTryLockQueue(PTM_EXT Ext, PSTOR_LOCK_HANDLE Handle)
{
    if ((StorPortReadRegisterUlong(Ext, Ext->StatusRegister) & TM_RESET_IN_PROGRESS) != 0) {
        return FALSE;
    }
    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, Handle);
    return TRUE;
}

static ULONG
TmRequeue(PTM_EXT Ext)
{
    STOR_LOCK_HANDLE queueHandle;
    ULONG n = 0;

    if (TmTryLockQueue(Ext, &queueHandle)) {
        n = Ext->Pending;
        Ext->Pending = 0;
        Ext->Requeued += n;
        StorPortReleaseSpinLock(Ext, &queueHandle);  // ok: StorPortSpinLock4, StorPortSpinLock
    }
    return n;
}

SCSI_ADAPTER_CONTROL_STATUS
TmAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PTM_EXT ext = (PTM_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        if (TmRequeue(ext) == 0) {
            return ScsiAdapterControlSuccess;  // ok: StorPortSpinLock
        }
        StorPortNotification(NextRequest, ext);
        return ScsiAdapterControlSuccess;  // ok: StorPortSpinLock
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

ULONG
TmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
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
TmInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
TmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTM_EXT ext = (PTM_EXT)DeviceExtension;

    ext->Pending++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
TmInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(TM_EXT);
    init.HwFindAdapter = TmFindAdapter;
    init.HwInitialize = TmInitialize;
    init.HwStartIo = TmStartIo;
    init.HwInterrupt = TmInterrupt;
    init.HwAdapterControl = TmAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
