// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: physical
/*
 * A loop that sets the same event on every iteration: the rescan timer means to wake
 * every registered waiter but indexes Waiters[0] instead of Waiters[i]. The first
 * iteration is fine; the second sets an event that is already set, and that is the
 * reported line. (pass_loop_distinct_waiter_events.c is the fixed version.)
 */

#include <storport.h>

#define RL_WAITERS  4

typedef struct _RL_WAITER {
    KEVENT Done;
    ULONG Generation;
} RL_WAITER, *PRL_WAITER;

typedef struct _RL_EXTENSION {
    PULONG Registers;
    RL_WAITER Waiters[RL_WAITERS];
    ULONG WaiterCount;
    KEVENT RescanDone;
} RL_EXTENSION, *PRL_EXTENSION;

VOID
RlRescanTimer(PVOID DeviceExtension)
{
    PRL_EXTENSION ext = DeviceExtension;
    ULONG i;

    StorPortNotification(BusChangeDetected, ext, 0);
    for (i = 0; i < ext->WaiterCount; i++) {
        ext->Waiters[i].Generation++;
        KeSetEvent(&ext->Waiters[0].Done, IO_NO_INCREMENT, FALSE);  // expect: DoubleKeSetEvent
    }
    KeSetEvent(&ext->RescanDone, IO_NO_INCREMENT, FALSE);      // ok: DoubleKeSetEvent -- set once
}

ULONG
RlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRL_EXTENSION ext = DeviceExtension;
    ULONG i;

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
    for (i = 0; i < RL_WAITERS; i++) {
        KeInitializeEvent(&ext->Waiters[i].Done, NotificationEvent, FALSE);
    }
    ext->WaiterCount = RL_WAITERS;
    KeInitializeEvent(&ext->RescanDone, NotificationEvent, FALSE);
    return SP_RETURN_FOUND;
}

BOOLEAN
RlInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, RlRescanTimer, 500000);
    return TRUE;
}

BOOLEAN
RlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(RL_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = RlFindAdapter;
    init.HwInitialize = RlInitialize;
    init.HwStartIo = RlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
