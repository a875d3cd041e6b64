// check-rules: PagedCode
// expect-status: PagedCode=pass
// expect-kind: physical
/*
 * The KeGetCurrentIrql correlation: the timer and FindAdapter share a helper that calls
 * the pageable part only at PASSIVE_LEVEL and defers it to a work item otherwise.
 */
#include <storport.h>

typedef struct _Cg_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Cg_EXT, *PCg_EXT;

static VOID
CgPaged(PCg_EXT Ext)
{
    PAGED_CODE();                                           // ok: PagedCode
    Ext->Value = 0;
}

VOID
CgWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    CgPaged((PCg_EXT)DeviceExtension);
}

static VOID
CgRefresh(PCg_EXT Ext)
{
    if (KeGetCurrentIrql() <= APC_LEVEL) {
        CgPaged(Ext);
    } else {
        StorPortQueueWorkItem(Ext, CgWork, Ext->Worker, NULL);
    }
}

VOID
CgTimer(PVOID DeviceExtension)
{
    CgRefresh((PCg_EXT)DeviceExtension);
}

ULONG
CgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCg_EXT ext = (PCg_EXT)DeviceExtension;
    StorPortInitializeWorker(ext, &ext->Worker);
    CgRefresh(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CgInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, CgTimer, 1000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Cg_EXT);
    init.HwFindAdapter = CgFindAdapter;
    init.HwInitialize = CgInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
