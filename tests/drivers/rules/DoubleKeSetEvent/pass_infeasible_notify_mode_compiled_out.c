// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=pass
// expect-kind: physical
/*
 * KeSetEvent is reachable in the call graph but on no feasible path, so the verdict is
 * `pass`, not `not_applicable`. The async-event notification (which sets the event
 * twice, a real bug) only runs when ext->EventNotify is TRUE, and the only assignment
 * of TRUE is under `#ifdef CX_EVENT_NOTIFY`, which this configuration leaves undefined.
 * The same source built with -DCX_EVENT_NOTIFY is ifdef_notify_mode_enabled.c.
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
    KeSetEvent(&Ext->AenEvent, IO_NO_INCREMENT, FALSE);     // ok: DoubleKeSetEvent -- EventNotify is always FALSE
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
        KeSetEvent(&ext->AenEvent, IO_NO_INCREMENT, FALSE); // ok: DoubleKeSetEvent -- EventNotify is always FALSE
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
