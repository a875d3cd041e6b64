// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=defect
// expect-kind: physical
/*
 * The helper is defined between #pragma code_seg("PAGE") and #pragma code_seg(): the
 * interrupt routine calls it at DIRQL. The helper defined after the default section is
 * restored is not pageable.
 */
#include <storport.h>

typedef struct _Cs_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Cs_EXT, *PCs_EXT;

#pragma code_seg("PAGE")
static VOID
CsLog(PCs_EXT Ext)
{
    Ext->Value++;
}
#pragma code_seg()

static VOID
CsCount(PCs_EXT Ext)
{
    Ext->Value--;
}

BOOLEAN
CsInterrupt(PVOID DeviceExtension)
{
    PCs_EXT ext = (PCs_EXT)DeviceExtension;

    CsLog(ext);                                             // expect: PagedSectionIrql
    CsCount(ext);                                           // ok: PagedSectionIrql
    return TRUE;
}

ULONG
CsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCs_EXT ext = (PCs_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CsInitialize(PVOID DeviceExtension)
{
    PCs_EXT ext = (PCs_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Cs_EXT);
    init.HwFindAdapter = CsFindAdapter;
    init.HwInitialize = CsInitialize;
    init.HwInterrupt = CsInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
