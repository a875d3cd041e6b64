// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: physical
/*
 * A double set reached only through helpers: the event pointer is returned by
 * FlGetFlushEvent and passed as a parameter to FlSignal, which is the only place that
 * calls KeSetEvent. The Storport DPC (StorPortInitializeDpc) completes the flush once for
 * the "done" bit and once more for the "error" bit; when the controller reports both in
 * one status word, the flush event is set twice.
 */

#include <storport.h>

#define FL_REG_STATUS       0x08
#define FL_STATUS_DONE      0x1
#define FL_STATUS_ERROR     0x2

typedef struct _FL_EXTENSION {
    PULONG Registers;
    KEVENT FlushDone;
    NTSTATUS FlushStatus;
    UCHAR FlushDpc[64];         /* STOR_DPC */
} FL_EXTENSION, *PFL_EXTENSION;

static PKEVENT
FlGetFlushEvent(PFL_EXTENSION Ext)
{
    return &Ext->FlushDone;
}

static VOID
FlSignal(PKEVENT Event)
{
    KeSetEvent(Event, IO_NO_INCREMENT, FALSE);      // expect: DoubleKeSetEvent
}

static VOID
FlCompleteFlush(PFL_EXTENSION Ext, NTSTATUS Status)
{
    Ext->FlushStatus = Status;
    FlSignal(FlGetFlushEvent(Ext));
}

VOID
FlFlushDpc(PVOID Dpc, PVOID DeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PFL_EXTENSION ext = DeviceExtension;
    ULONG status;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    status = StorPortReadRegisterUlong(ext, ext->Registers + FL_REG_STATUS);
    if (status & FL_STATUS_DONE) {
        FlCompleteFlush(ext, STATUS_SUCCESS);
    }
    if (status & FL_STATUS_ERROR) {
        FlCompleteFlush(ext, STATUS_IO_TIMEOUT);
    }
}

ULONG
FlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFL_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    KeInitializeEvent(FlGetFlushEvent(ext), NotificationEvent, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
FlInitialize(PVOID DeviceExtension)
{
    PFL_EXTENSION ext = DeviceExtension;

    StorPortInitializeDpc(ext, ext->FlushDpc, FlFlushDpc);
    return TRUE;
}

BOOLEAN
FlInterrupt(PVOID DeviceExtension)
{
    PFL_EXTENSION ext = DeviceExtension;

    StorPortIssueDpc(ext, ext->FlushDpc, NULL, NULL);
    return TRUE;
}

BOOLEAN
FlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(FL_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = FlFindAdapter;
    init.HwInitialize = FlInitialize;
    init.HwInterrupt = FlInterrupt;
    init.HwStartIo = FlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
