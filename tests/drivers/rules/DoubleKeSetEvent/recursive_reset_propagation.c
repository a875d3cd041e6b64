// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: physical
/*
 * A recursive helper. HwStorResetBus re-arms ResetComplete with KeClearEvent and resets
 * the SAS expander tree through XpResetLevel, which recurses into the next level and
 * then signals completion -- at every level instead of only at the top. With two or
 * more expander levels the event is set a second time, on the same line.
 */

#include <storport.h>

#define XP_REG_TOPOLOGY     0x40
#define XP_REG_LEVEL_RESET  0x60

typedef struct _XP_EXTENSION {
    PULONG Registers;
    ULONG ExpanderLevels;
    KEVENT ResetComplete;
} XP_EXTENSION, *PXP_EXTENSION;

static VOID
XpResetLevel(PXP_EXTENSION Ext, ULONG Level)
{
    StorPortWriteRegisterUlong(Ext, Ext->Registers + XP_REG_LEVEL_RESET + Level, 1);
    if (Level + 1 < Ext->ExpanderLevels) {
        XpResetLevel(Ext, Level + 1);
    }
    KeSetEvent(&Ext->ResetComplete, IO_NO_INCREMENT, FALSE);    // expect: DoubleKeSetEvent
}

BOOLEAN
XpResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PXP_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    KeClearEvent(&ext->ResetComplete);
    XpResetLevel(ext, 0);
    StorPortNotification(ResetDetected, ext);
    return TRUE;
}

ULONG
XpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PXP_EXTENSION ext = DeviceExtension;

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
    ext->ExpanderLevels = StorPortReadRegisterUlong(ext, ext->Registers + XP_REG_TOPOLOGY) & 0x3;
    KeInitializeEvent(&ext->ResetComplete, NotificationEvent, FALSE);
    return SP_RETURN_FOUND;
}

BOOLEAN
XpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
XpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(XP_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = XpFindAdapter;
    init.HwInitialize = XpInitialize;
    init.HwStartIo = XpStartIo;
    init.HwResetBus = XpResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
