// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=not_applicable
// expect-kind: physical
/*
 * The only annotated function is never called from an entry point.
 */
#include <storport.h>

typedef struct _Nu_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Nu_EXT, *PNu_EXT;

_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
NuUnused(PNu_EXT Ext)
{
    Ext->Value = 0;
}

ULONG
NuFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNu_EXT ext = (PNu_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NuInitialize(PVOID DeviceExtension)
{
    PNu_EXT ext = (PNu_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Nu_EXT);
    init.HwFindAdapter = NuFindAdapter;
    init.HwInitialize = NuInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
