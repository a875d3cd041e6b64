// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: physical
/*
 * KeSetEvent inside nested driver macros: AD_FINISH expands to AD_SIGNAL, which expands
 * to KeSetEvent; the violation is reported on the line where AD_FINISH is invoked. The
 * admin-command poll timer finishes the identify command issued by the passive
 * initialization routine when its completion bit is up, and finishes it again when the
 * controller also reports a fatal status in the same tick.
 */

#include <storport.h>

#define AD_REG_CSTS     7
#define AD_REG_ACQ      8
#define AD_CSTS_CFS     0x2

#define AD_SIGNAL(c)        KeSetEvent(&(c)->Done, IO_NO_INCREMENT, FALSE)
#define AD_FINISH(c, st)    do { (c)->Status = (st); (c)->Busy = FALSE; AD_SIGNAL(c); } while (0)

typedef struct _AD_COMMAND {
    BOOLEAN Busy;
    NTSTATUS Status;
    KEVENT Done;
} AD_COMMAND, *PAD_COMMAND;

typedef struct _AD_EXTENSION {
    PULONG Registers;
    AD_COMMAND AdminCmd;
} AD_EXTENSION, *PAD_EXTENSION;

VOID
AdPollTimer(PVOID DeviceExtension)
{
    PAD_EXTENSION ext = DeviceExtension;
    PAD_COMMAND cmd = &ext->AdminCmd;
    ULONG csts;

    if (cmd->Busy) {
        csts = StorPortReadRegisterUlong(ext, ext->Registers + AD_REG_CSTS);
        if (StorPortReadRegisterUlong(ext, ext->Registers + AD_REG_ACQ) & 1) {
            AD_FINISH(cmd, STATUS_SUCCESS);             // ok: DoubleKeSetEvent -- first set
        }
        if (csts & AD_CSTS_CFS) {
            AD_FINISH(cmd, STATUS_DEVICE_NOT_READY);    // expect: DoubleKeSetEvent
        }
    }
    StorPortNotification(RequestTimerCall, ext, AdPollTimer, 10000);
}

BOOLEAN
AdPassiveInitialize(PVOID DeviceExtension)
{
    PAD_EXTENSION ext = DeviceExtension;

    KeInitializeEvent(&ext->AdminCmd.Done, NotificationEvent, FALSE);
    ext->AdminCmd.Busy = TRUE;
    StorPortWriteRegisterUlong(ext, ext->Registers + 0x400, 0x06);      /* IDENTIFY */
    return TRUE;
}

ULONG
AdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAD_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x2000, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
AdInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, AdPollTimer, 10000);
    return StorPortEnablePassiveInitialization(DeviceExtension, AdPassiveInitialize);
}

BOOLEAN
AdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(AD_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = AdFindAdapter;
    init.HwInitialize = AdInitialize;
    init.HwStartIo = AdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
