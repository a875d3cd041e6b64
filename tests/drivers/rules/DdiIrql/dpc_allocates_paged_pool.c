// check-rules: DdiIrql
// expect-status: DdiIrql=defect
// expect-kind: physical
/*
 * The DPC routine runs at DISPATCH_LEVEL: its paged allocation is a violation (paged
 * pool only at APC_LEVEL or below), its nonpaged one is not.
 */
#include <storport.h>

typedef struct _Pp_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Pp_EXT, *PPp_EXT;

VOID
PpDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PPp_EXT ext = (PPp_EXT)DeviceExtension;
    PVOID a;
    PVOID b;

    a = ExAllocatePoolWithTag(PagedPool, 64, 'pPdD');      // expect: DdiIrql
    b = ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'pPdD'); // ok: DdiIrql
    if (a != NULL) {
        ExFreePoolWithTag(a, 'pPdD');
    }
    if (b != NULL) {
        ExFreePoolWithTag(b, 'pPdD');
    }
}

ULONG
PpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPp_EXT ext = (PPp_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PpInitialize(PVOID DeviceExtension)
{
    PPp_EXT ext = (PPp_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, PpDpc);
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
