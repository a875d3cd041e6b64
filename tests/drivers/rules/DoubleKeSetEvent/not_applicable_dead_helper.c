// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=not_applicable
// expect-kind: physical
/*
 * No KeSetEvent is reachable from any entry point. The live code initializes, clears
 * and waits on the ready event (none of which the rule monitors); the only KeSetEvent
 * calls sit in the old interrupt-driven ready notification, a static helper that
 * nothing calls any more since the driver switched to polling.
 */

#include <storport.h>

typedef struct _PL_EXTENSION {
    PULONG Registers;
    KEVENT Ready;
} PL_EXTENSION, *PPL_EXTENSION;

static VOID
PlLegacySignalReady(PPL_EXTENSION Ext)
{
    KeSetEvent(&Ext->Ready, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- unreachable
    KeSetEvent(&Ext->Ready, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- unreachable
}

BOOLEAN
PlPassiveInitialize(PVOID DeviceExtension)
{
    PPL_EXTENSION ext = DeviceExtension;
    LARGE_INTEGER interval;
    ULONG tries;

    KeClearEvent(&ext->Ready);
    interval.QuadPart = -10 * 1000 * 10;               /* 10 ms */
    for (tries = 0; tries < 50; tries++) {
        if (StorPortReadRegisterUlong(ext, ext->Registers + 7) & 1) {
            return TRUE;
        }
        KeWaitForSingleObject(&ext->Ready, Executive, KernelMode, FALSE, &interval);
    }
    return FALSE;
}

ULONG
PlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPL_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    KeInitializeEvent(&ext->Ready, NotificationEvent, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
PlInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, PlPassiveInitialize);
}

BOOLEAN
PlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(PL_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = PlFindAdapter;
    init.HwInitialize = PlInitialize;
    init.HwStartIo = PlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
