// check-rules: PagedCode
// expect-status: PagedCode=pass
// expect-kind: physical
/*
 * PAGED_CODE() in FindAdapter, in a helper of it, in the passive initialization routine
 * and in a Storport work item: all at PASSIVE_LEVEL.
 */
#include <storport.h>

typedef struct _Pp_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Pp_EXT, *PPp_EXT;

static VOID
PpSetup(PPp_EXT Ext)
{
    PAGED_CODE();                                           // ok: PagedCode
    Ext->Value = 1;
}

BOOLEAN
PpPassive(PVOID DeviceExtension)
{
    PAGED_CODE();                                           // ok: PagedCode
    return TRUE;
}

VOID
PpWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PAGED_CODE();                                           // ok: PagedCode
    PpSetup((PPp_EXT)DeviceExtension);
}

ULONG
PpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPp_EXT ext = (PPp_EXT)DeviceExtension;
    PAGED_CODE();                                           // ok: PagedCode
    PpSetup(ext);
    if (StorPortInitializeWorker(ext, &ext->Worker) == STOR_STATUS_SUCCESS) {
        StorPortQueueWorkItem(ext, PpWork, ext->Worker, NULL);
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PpInitialize(PVOID DeviceExtension)
{
    StorPortEnablePassiveInitialization(DeviceExtension, PpPassive);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Pp_EXT);
    init.HwFindAdapter = PpFindAdapter;
    init.HwInitialize = PpInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
