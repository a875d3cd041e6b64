// check-rules: DdiIrql
// expect-status: DdiIrql=defect
// expect-kind: physical
/*
 * In the DPC routine (DISPATCH_LEVEL), KeSetEvent and KeReleaseSemaphore with Wait TRUE:
 * the caller would wait next, which is allowed only at APC_LEVEL (KeSetEvent) or
 * PASSIVE_LEVEL (KeReleaseSemaphore). With Wait FALSE both are fine.
 */
#include <storport.h>

typedef struct _Wt_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Wt_EXT, *PWt_EXT;

VOID
WtDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PWt_EXT ext = (PWt_EXT)DeviceExtension;

    KeSetEvent(&ext->Event, IO_NO_INCREMENT, FALSE);              // ok: DdiIrql
    KeSetEvent(&ext->Event, IO_NO_INCREMENT, TRUE);               // expect: DdiIrql
    KeReleaseSemaphore(&ext->Semaphore, IO_NO_INCREMENT, 1, FALSE); // ok: DdiIrql
    KeReleaseSemaphore(&ext->Semaphore, IO_NO_INCREMENT, 1, TRUE);  // expect: DdiIrql
}

ULONG
WtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PWt_EXT ext = (PWt_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
WtInitialize(PVOID DeviceExtension)
{
    PWt_EXT ext = (PWt_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, WtDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Wt_EXT);
    init.HwFindAdapter = WtFindAdapter;
    init.HwInitialize = WtInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
