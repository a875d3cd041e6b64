// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=defect
// expect-kind: physical
/*
 * The DPC routine itself is placed in PAGE: Storport calls it at DISPATCH_LEVEL,
 * reported at its name.
 */
#include <storport.h>

typedef struct _Dr_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Dr_EXT, *PDr_EXT;

VOID DrDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);
#pragma alloc_text(PAGE, DrDpc)

VOID
DrDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)   // expect: PagedSectionIrql
{
    ((PDr_EXT)DeviceExtension)->Value = 0;
}

ULONG
DrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDr_EXT ext = (PDr_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DrInitialize(PVOID DeviceExtension)
{
    PDr_EXT ext = (PDr_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, DrDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Dr_EXT);
    init.HwFindAdapter = DrFindAdapter;
    init.HwInitialize = DrInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
