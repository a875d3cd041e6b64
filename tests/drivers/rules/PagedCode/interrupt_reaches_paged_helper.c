// check-rules: PagedCode
// expect-status: PagedCode=defect
// expect-kind: physical
/*
 * The interrupt routine (DIRQL) reaches a pageable helper two calls down.
 */
#include <storport.h>

typedef struct _Ih_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Ih_EXT, *PIh_EXT;

static VOID
IhLog(PIh_EXT Ext)
{
    PAGED_CODE();                                           // expect: PagedCode
    Ext->Value++;
}

static VOID
IhError(PIh_EXT Ext)
{
    IhLog(Ext);
}

BOOLEAN
IhInterrupt(PVOID DeviceExtension)
{
    PIh_EXT ext = (PIh_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Worker) & 2) {
        IhError(ext);
    }
    return TRUE;
}

ULONG
IhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PIh_EXT ext = (PIh_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
IhInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ih_EXT);
    init.HwFindAdapter = IhFindAdapter;
    init.HwInitialize = IhInitialize;
    init.HwInterrupt = IhInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
