// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: physical
/*
 * Miss: the driver starts its worker through its own thread wrapper. RpThreadCreate
 * receives the worker routine as a parameter, stores it in the thread object
 * (Thread->Routine = Routine) and starts RpThreadMain with PsCreateSystemThread;
 * RpThreadMain calls Thread->Routine. The call graph resolves calls through a field
 * only to functions stored in that field *by name*, and a parameter is not a name, so
 * the call through Thread->Routine has no target: RpScanWorker is unreachable, the rule
 * is `not_applicable`, and its double KeSetEvent (the "scan done" event is signalled on
 * every pass of the loop and never cleared; waiting on it does not re-arm it) is missed.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _RP_THREAD RP_THREAD, *PRP_THREAD;
typedef VOID RP_THREAD_ROUTINE(PRP_THREAD Thread, PVOID Context);

struct _RP_THREAD {
    RP_THREAD_ROUTINE *Routine;
    PVOID Context;
    KEVENT Wake;
    BOOLEAN Stop;
};

typedef struct _RP_ADAPTER {
    RP_THREAD ScanThread;
    KEVENT ScanDone;
    ULONG Scans;
} RP_ADAPTER, *PRP_ADAPTER;

static VOID
RpThreadMain(PVOID Argument)
{
    PRP_THREAD thread = Argument;

    thread->Routine(thread, thread->Context);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS
RpThreadCreate(PRP_THREAD Thread, RP_THREAD_ROUTINE *Routine, PVOID Context)
{
    HANDLE handle;
    NTSTATUS status;

    Thread->Routine = Routine;
    Thread->Context = Context;
    Thread->Stop = FALSE;
    KeInitializeEvent(&Thread->Wake, SynchronizationEvent, FALSE);
    status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL, NULL, RpThreadMain, Thread);
    if (NT_SUCCESS(status)) {
        ZwClose(handle);
    }
    return status;
}

static VOID
RpScanWorker(PRP_THREAD Thread, PVOID Context)
{
    PRP_ADAPTER adapter = Context;

    for (;;) {
        KeWaitForSingleObject(&Thread->Wake, Executive, KernelMode, FALSE, NULL);
        if (Thread->Stop) {
            break;
        }
        adapter->Scans++;
        KeSetEvent(&adapter->ScanDone, IO_NO_INCREMENT, FALSE);   // expect: DoubleKeSetEvent
    }
}

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRP_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);
    *Again = FALSE;
    KeInitializeEvent(&adapter->ScanDone, SynchronizationEvent, FALSE);
    if (!NT_SUCCESS(RpThreadCreate(&adapter->ScanThread, RpScanWorker, adapter))) {
        return SP_RETURN_ERROR;
    }
    return SP_RETURN_FOUND;
}

BOOLEAN RpInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
RpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(RP_ADAPTER);
    init.HwFindAdapter = RpFindAdapter;
    init.HwInitialize = RpInitialize;
    init.HwStartIo = RpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
