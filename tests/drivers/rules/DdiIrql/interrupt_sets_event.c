// check-rules: DdiIrql
// expect-status: DdiIrql=defect
// expect-kind: physical
/*
 * The interrupt routine runs at DIRQL and signals an event: KeSetEvent is allowed only
 * up to DISPATCH_LEVEL, whatever its Wait argument.
 */
#include <storport.h>

typedef struct _Ie_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Ie_EXT, *PIe_EXT;

BOOLEAN
IeInterrupt(PVOID DeviceExtension)
{
    PIe_EXT ext = (PIe_EXT)DeviceExtension;

    KeSetEvent(&ext->Event, IO_NO_INCREMENT, FALSE);        // expect: DdiIrql
    return TRUE;
}

ULONG
IeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PIe_EXT ext = (PIe_EXT)DeviceExtension;

    KeInitializeEvent(&ext->Event, NotificationEvent, FALSE);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
IeInitialize(PVOID DeviceExtension)
{
    PIe_EXT ext = (PIe_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ie_EXT);
    init.HwFindAdapter = IeFindAdapter;
    init.HwInitialize = IeInitialize;
    init.HwInterrupt = IeInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
