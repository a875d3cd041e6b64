// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=defect
// expect-kind: physical
/*
 * Raised IRQL through helpers, in a half-duplex timer (DIRQL). RhRaise sets the level to
 * DISPATCH_LEVEL (KeRaiseIrql to a lower level is itself a misuse, but the level changes
 * all the same) and returns the old one, so the first KeRemoveDeviceQueue is at
 * DISPATCH_LEVEL; RhDrop restores the saved DIRQL, and the second call is above
 * DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _RH_EXT {
    KDEVICE_QUEUE Queue;
    ULONG Removed;
} RH_EXT, *PRH_EXT;

static KIRQL
RhRaise(VOID)
{
    KIRQL old;

    KeRaiseIrql(DISPATCH_LEVEL, &old);
    return old;
}

static VOID
RhDrop(KIRQL Old)
{
    KeLowerIrql(Old);
}

VOID
RhTimer(PVOID DeviceExtension)
{
    PRH_EXT ext = (PRH_EXT)DeviceExtension;
    KIRQL old = RhRaise();

    if (KeRemoveDeviceQueue(&ext->Queue) != NULL) {         // ok: IrqlDispatch
        ext->Removed++;
    }
    RhDrop(old);
    if (KeRemoveDeviceQueue(&ext->Queue) != NULL) {         // expect: IrqlDispatch
        ext->Removed++;
    }
}

ULONG
RhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    KeInitializeDeviceQueue(&((PRH_EXT)DeviceExtension)->Queue);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RhInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, RhTimer, 5000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(RH_EXT);
    init.HwFindAdapter = RhFindAdapter;
    init.HwInitialize = RhInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
