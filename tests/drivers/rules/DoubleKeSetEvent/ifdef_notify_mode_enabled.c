// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// check-args: -DCX_EVENT_NOTIFY
// expect-kind: physical
/*
 * The configuration given on the command line decides what is analysed: with
 * -DCX_EVENT_NOTIFY, FindAdapter turns the async-event notification on, and the DPC
 * then sets the AEN event twice (once for the event itself, once more through the
 * "log page ready" helper). Without the definition this is
 * pass_infeasible_notify_mode_compiled_out.c.
 */

#include <storport.h>

#define CX_REG_AEN      0x0C

typedef struct _CX_EXTENSION {
    PULONG Registers;
    BOOLEAN EventNotify;
    KEVENT AenEvent;
    ULONG AenInfo;
    UCHAR AenDpc[64];           /* STOR_DPC */
} CX_EXTENSION, *PCX_EXTENSION;

static VOID
CxLogPageReady(PCX_EXTENSION Ext)
{
    Ext->AenInfo |= 0x80000000;
    KeSetEvent(&Ext->AenEvent, IO_NO_INCREMENT, FALSE);     // expect: DoubleKeSetEvent
}

VOID
CxAenDpc(PVOID Dpc, PVOID DeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PCX_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    if (ext->EventNotify) {
        ext->AenInfo = StorPortReadRegisterUlong(ext, ext->Registers + CX_REG_AEN);
        KeSetEvent(&ext->AenEvent, IO_NO_INCREMENT, FALSE); // ok: DoubleKeSetEvent -- first set
        CxLogPageReady(ext);
    }
}

ULONG
CxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCX_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    if (ext->Registers == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    KeInitializeEvent(&ext->AenEvent, NotificationEvent, FALSE);
    ext->EventNotify = FALSE;
#ifdef CX_EVENT_NOTIFY
    ext->EventNotify = TRUE;
#endif
    return SP_RETURN_FOUND;
}

BOOLEAN
CxInitialize(PVOID DeviceExtension)
{
    PCX_EXTENSION ext = DeviceExtension;

    StorPortInitializeDpc(ext, ext->AenDpc, CxAenDpc);
    return TRUE;
}

BOOLEAN
CxInterrupt(PVOID DeviceExtension)
{
    PCX_EXTENSION ext = DeviceExtension;

    StorPortIssueDpc(ext, ext->AenDpc, NULL, NULL);
    return TRUE;
}

BOOLEAN
CxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(CX_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = CxFindAdapter;
    init.HwInitialize = CxInitialize;
    init.HwInterrupt = CxInterrupt;
    init.HwStartIo = CxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
