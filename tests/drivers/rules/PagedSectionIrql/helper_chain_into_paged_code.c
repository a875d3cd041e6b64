// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=defect
// expect-kind: physical
/*
 * Through helpers: the DPC calls a nonpaged helper, which calls a function in a PAGESRP0
 * section (any section whose name starts with PAGE is pageable).
 */
#include <storport.h>

typedef struct _Hc_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Hc_EXT, *PHc_EXT;

#pragma code_seg("PAGESRP0")
static VOID
HcPaged(PHc_EXT Ext)
{
    Ext->Value = 0;
}
#pragma code_seg()

static VOID
HcMiddle(PHc_EXT Ext)
{
    HcPaged(Ext);                                           // expect: PagedSectionIrql
}

VOID
HcDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    HcMiddle((PHc_EXT)DeviceExtension);
}

ULONG
HcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHc_EXT ext = (PHc_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HcInitialize(PVOID DeviceExtension)
{
    PHc_EXT ext = (PHc_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, HcDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Hc_EXT);
    init.HwFindAdapter = HcFindAdapter;
    init.HwInitialize = HcInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
