/*
 * Routines registered through the driver's own wrapper functions: the routine is a
 * parameter of the wrapper, which hands it to StorPortRequestTimer, to
 * StorPortQueueWorkItem (two wrapper levels deep) or to PsCreateSystemThread. The
 * wrappers themselves are not entry points, and WrNotRegistered, passed to a helper
 * that only calls it, is none either.
 */
// expect-kind: physical

#include <storport.h>

typedef VOID (*WR_VISIT)(PVOID Ext);

typedef struct _WR_EXT {
    PVOID Timer;
    PVOID Worker;
    HANDLE Thread;
    ULONG Ticks;
} WR_EXT, *PWR_EXT;

static VOID
WrArmTimer(PWR_EXT Ext, PHW_TIMER_EX Callback, ULONG Usec)
{
    StorPortRequestTimer(Ext, Ext->Timer, Callback, Ext, Usec, 0);
}

static ULONG
WrQueueInner(PWR_EXT Ext, PHW_WORKITEM Routine, PVOID Context)
{
    return StorPortQueueWorkItem(Ext, Routine, Ext->Worker, Context);
}

static ULONG
WrQueue(PWR_EXT Ext, PHW_WORKITEM What)
{
    return WrQueueInner(Ext, What, NULL);
}

static NTSTATUS
WrStartThread(PWR_EXT Ext, PKSTART_ROUTINE Start)
{
    return PsCreateSystemThread(&Ext->Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, Start, Ext);
}

static VOID
WrEach(PWR_EXT Ext, WR_VISIT Visit)
{
    Visit(Ext);
}

static VOID
WrNotRegistered(PVOID Ext)
{
    ((PWR_EXT)Ext)->Ticks = 0;
}

VOID
WrTick(PVOID DeviceExtension, PVOID Context)  // expect-entry: HW_TIMER by=registration
{
    UNREFERENCED_PARAMETER(Context);
    ((PWR_EXT)DeviceExtension)->Ticks++;
}

VOID
WrRefresh(PVOID DeviceExtension, PVOID Context, PVOID Worker)  // expect-entry: HW_WORKITEM by=registration
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    ((PWR_EXT)DeviceExtension)->Ticks = 0;
}

VOID
WrMonitor(PVOID Context)  // expect-entry: KSTART_ROUTINE by=registration
{
    UNREFERENCED_PARAMETER(Context);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static BOOLEAN
WrPassive(PVOID DeviceExtension)  // expect-entry: HW_PASSIVE_INITIALIZE_ROUTINE by=registration
{
    PWR_EXT ext = (PWR_EXT)DeviceExtension;

    if (StorPortInitializeTimer(ext, &ext->Timer) != STOR_STATUS_SUCCESS ||
        StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    WrArmTimer(ext, WrTick, 1000000);
    WrQueue(ext, WrRefresh);
    WrEach(ext, WrNotRegistered);
    return NT_SUCCESS(WrStartThread(ext, WrMonitor));
}

static BOOLEAN
WrInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    return StorPortEnablePassiveInitialization(DeviceExtension, WrPassive);
}

static BOOLEAN
WrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static ULONG
WrFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ((PWR_EXT)DeviceExtension)->Ticks = 0;
    ConfigInfo->NumberOfPhysicalBreaks = 16;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwFindAdapter = WrFindAdapter;
    init.HwInitialize = WrInitialize;
    init.HwStartIo = WrStartIo;
    init.DeviceExtensionSize = sizeof(WR_EXT);
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
