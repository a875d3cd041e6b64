// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=pass
// expect-kind: physical
/*
 * The KeGetCurrentIrql correlation: FindAdapter (PASSIVE_LEVEL) and the DPC
 * (DISPATCH_LEVEL) share a helper that calls the PASSIVE_LEVEL function only when the
 * IRQL is PASSIVE_LEVEL, and defers it to a work item otherwise.
 */
#include <storport.h>

typedef struct _Cg_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Cg_EXT, *PCg_EXT;

_IRQL_requires_max_(PASSIVE_LEVEL)
static VOID
CgReload(PCg_EXT Ext)
{
    Ext->Value = 0;
}

VOID
CgWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    CgReload((PCg_EXT)DeviceExtension);                     // ok: IrqlAnnotations
}

static VOID
CgRefresh(PCg_EXT Ext)
{
    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        CgReload(Ext);                                      // ok: IrqlAnnotations
    } else {
        StorPortQueueWorkItem(Ext, CgWork, Ext->Worker, NULL);
    }
}

VOID
CgDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    CgRefresh((PCg_EXT)DeviceExtension);
}

ULONG
CgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCg_EXT ext = (PCg_EXT)DeviceExtension;

    CgRefresh(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CgInitialize(PVOID DeviceExtension)
{
    PCg_EXT ext = (PCg_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, CgDpc);
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
