// check-rules: DdiIrql
// expect-status: DdiIrql=defect
// expect-kind: physical
/*
 * A full-duplex HwStorTimer runs at DISPATCH_LEVEL; ZwClose is a PASSIVE_LEVEL routine.
 */
#include <storport.h>

typedef struct _Tc_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Tc_EXT, *PTc_EXT;

VOID
TcTimer(PVOID DeviceExtension)
{
    PTc_EXT ext = (PTc_EXT)DeviceExtension;

    ZwClose((HANDLE)ext->Worker);                           // expect: DdiIrql
    ext->Worker = NULL;
}

ULONG
TcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PTc_EXT ext = (PTc_EXT)DeviceExtension;

    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
TcInitialize(PVOID DeviceExtension)
{
    PTc_EXT ext = (PTc_EXT)DeviceExtension;

    StorPortNotification(RequestTimerCall, ext, TcTimer, 1000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Tc_EXT);
    init.HwFindAdapter = TcFindAdapter;
    init.HwInitialize = TcInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
