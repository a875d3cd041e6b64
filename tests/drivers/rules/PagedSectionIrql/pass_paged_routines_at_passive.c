// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=pass
// expect-kind: physical
/*
 * Pageable code called only at PASSIVE_LEVEL: FindAdapter itself and its helper are in
 * PAGE, and so is the work item's routine.
 */
#include <storport.h>

typedef struct _Pr_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Pr_EXT, *PPr_EXT;

static VOID PrSetup(PPr_EXT Ext);
VOID PrWork(PVOID DeviceExtension, PVOID Context, PVOID Worker);
ULONG PrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                    PBOOLEAN Again);
#pragma alloc_text(PAGE, PrSetup)
#pragma alloc_text(PAGE, PrWork)
#pragma alloc_text(PAGE, PrFindAdapter)

static VOID
PrSetup(PPr_EXT Ext)
{
    Ext->Value = 0;                                         // ok: PagedSectionIrql
}

VOID
PrWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PrSetup((PPr_EXT)DeviceExtension);                      // ok: PagedSectionIrql
}

VOID
PrDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PPr_EXT ext = (PPr_EXT)DeviceExtension;

    StorPortQueueWorkItem(ext, PrWork, ext->Worker, NULL);
}

ULONG
PrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPr_EXT ext = (PPr_EXT)DeviceExtension;

    PrSetup(ext);                                           // ok: PagedSectionIrql
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PrInitialize(PVOID DeviceExtension)
{
    PPr_EXT ext = (PPr_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, PrDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Pr_EXT);
    init.HwFindAdapter = PrFindAdapter;
    init.HwInitialize = PrInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
