// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=pass
// expect-kind: physical
/*
 * Every second set of ResetDone is preceded by a re-arm of the same event. The passive
 * initialization routine sets it after the first controller reset; each later callback
 * that resets again re-arms it first: HwStorResetBus with KeClearEvent, the watchdog
 * timer with KeResetEvent, HwStorAdapterControl(ScsiRestartAdapter) with
 * KeInitializeEvent. StartIo sets two other events, each once.
 */

#include <storport.h>

typedef struct _RS_EXTENSION {
    PULONG Registers;
    KEVENT ResetDone;
    KEVENT QueueIdle;
    KEVENT FlushDone;
    ULONG Outstanding;
} RS_EXTENSION, *PRS_EXTENSION;

static VOID
RsResetController(PRS_EXTENSION Ext)
{
    StorPortWriteRegisterUlong(Ext, Ext->Registers + 5, 0x4E564D65);   /* NSSR */
    StorPortStallExecution(1000);
}

BOOLEAN
RsPassiveInitialize(PVOID DeviceExtension)
{
    PRS_EXTENSION ext = DeviceExtension;

    RsResetController(ext);
    KeSetEvent(&ext->ResetDone, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- first set
    return TRUE;
}

BOOLEAN
RsResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PRS_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    KeClearEvent(&ext->ResetDone);
    RsResetController(ext);
    KeSetEvent(&ext->ResetDone, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- cleared since
    return TRUE;
}

VOID
RsWatchdogTimer(PVOID DeviceExtension)
{
    PRS_EXTENSION ext = DeviceExtension;

    if (StorPortReadRegisterUlong(ext, ext->Registers + 7) & 0x2) {
        KeResetEvent(&ext->ResetDone);
        RsResetController(ext);
        KeSetEvent(&ext->ResetDone, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- reset since
    }
    StorPortNotification(RequestTimerCall, ext, RsWatchdogTimer, 1000000);
}

SCSI_ADAPTER_CONTROL_STATUS
RsAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PRS_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiRestartAdapter) {
        KeInitializeEvent(&ext->ResetDone, NotificationEvent, FALSE);
        RsResetController(ext);
        KeSetEvent(&ext->ResetDone, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- re-initialized since
    }
    return ScsiAdapterControlSuccess;
}

BOOLEAN
RsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRS_EXTENSION ext = DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_FLUSH) {
        KeSetEvent(&ext->FlushDone, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- another event
    }
    if (ext->Outstanding == 0) {
        KeSetEvent(&ext->QueueIdle, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- another event
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
RsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRS_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    KeInitializeEvent(&ext->ResetDone, NotificationEvent, FALSE);
    KeInitializeEvent(&ext->QueueIdle, NotificationEvent, FALSE);
    KeInitializeEvent(&ext->FlushDone, NotificationEvent, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
RsInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, RsWatchdogTimer, 1000000);
    return StorPortEnablePassiveInitialization(DeviceExtension, RsPassiveInitialize);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RS_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = RsFindAdapter;
    init.HwInitialize = RsInitialize;
    init.HwStartIo = RsStartIo;
    init.HwResetBus = RsResetBus;
    init.HwAdapterControl = RsAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
