// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=not_applicable
// expect-kind: physical
/*
 * Nothing is placed in a pageable section (PAGED_CODE() alone is PagedCode's marker, not
 * a placement).
 */
#include <storport.h>

typedef struct _Np_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Np_EXT, *PNp_EXT;

VOID
NpDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PAGED_CODE();
    ((PNp_EXT)DeviceExtension)->Value = 0;
}

ULONG
NpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNp_EXT ext = (PNp_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NpInitialize(PVOID DeviceExtension)
{
    PNp_EXT ext = (PNp_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, NpDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Np_EXT);
    init.HwFindAdapter = NpFindAdapter;
    init.HwInitialize = NpInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
