// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=pass
// expect-kind: physical
/*
 * The KeGetCurrentIrql correlation: a nonpaged helper shared by FindAdapter and the DPC
 * calls the pageable function only below DISPATCH_LEVEL.
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

#pragma code_seg("PAGE")
static VOID
CgPaged(PCg_EXT Ext)
{
    Ext->Value = 0;
}
#pragma code_seg()

static VOID
CgRefresh(PCg_EXT Ext)
{
    if (KeGetCurrentIrql() < DISPATCH_LEVEL) {
        CgPaged(Ext);                                       // ok: PagedSectionIrql
    } else {
        Ext->Value = 1;
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
