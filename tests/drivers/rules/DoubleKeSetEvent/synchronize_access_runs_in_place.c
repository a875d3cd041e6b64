// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: physical
/*
 * StorPortSynchronizeAccess runs its routine right there, with the routine's context.
 * HwStorResetBus asks the synchronized routine to quiesce the queues; the routine
 * signals the QuiesceDone event it is given as context, and ResetBus, not knowing that,
 * signals it again once the routine returns TRUE. The routine is no entry point of its
 * own: it runs inside ResetBus's path, at DIRQL with the interrupt lock held.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _SX_ADAPTER {
    KEVENT QuiesceDone;
    ULONG Outstanding;
} SX_ADAPTER, *PSX_ADAPTER;

static BOOLEAN
SxQuiesce(PVOID DeviceExtension, PVOID Context)
{
    PSX_ADAPTER adapter = DeviceExtension;

    adapter->Outstanding = 0;
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);   // ok: DoubleKeSetEvent -- first set
    return TRUE;
}

BOOLEAN
SxResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PSX_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    if (StorPortSynchronizeAccess(adapter, SxQuiesce, &adapter->QuiesceDone)) {
        KeSetEvent(&adapter->QuiesceDone, IO_NO_INCREMENT, FALSE);   // expect: DoubleKeSetEvent
    }
    return TRUE;
}

BOOLEAN
SxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
SxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSX_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);
    KeInitializeEvent(&adapter->QuiesceDone, NotificationEvent, FALSE);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SX_ADAPTER);
    init.HwFindAdapter = SxFindAdapter;
    init.HwInitialize = SxInitialize;
    init.HwStartIo = SxStartIo;
    init.HwResetBus = SxResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
