// check-rules: StorPortIrql
// expect-status: StorPortIrql=defect
// expect-kind: physical
/*
 * As in SDV's Storport fail driver: the interrupt routine (DIRQL) asks for a group
 * affinity; StorPortGetGroupAffinity is allowed only up to DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _Ga_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Ga_EXT, *PGa_EXT;

BOOLEAN
GaInterrupt(PVOID DeviceExtension)
{
    PGa_EXT ext = (PGa_EXT)DeviceExtension;

    StorPortGetGroupAffinity(ext, 0, &ext->Affinity);       // expect: StorPortIrql
    return TRUE;
}

ULONG
GaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PGa_EXT ext = (PGa_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GaInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ga_EXT);
    init.HwFindAdapter = GaFindAdapter;
    init.HwInitialize = GaInitialize;
    init.HwInterrupt = GaInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
