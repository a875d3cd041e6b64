// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=defect
// expect-kind: physical
/*
 * StorPortSynchronizeAccess runs its routine at DIRQL, under the interrupt lock; the
 * routine is placed in PAGE.
 */
#include <storport.h>

typedef struct _Sy_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Sy_EXT, *PSy_EXT;

BOOLEAN SySync(PVOID DeviceExtension, PVOID Context);
#pragma alloc_text(PAGE, SySync)

BOOLEAN
SySync(PVOID DeviceExtension, PVOID Context)
{
    ((PSy_EXT)DeviceExtension)->Value = 0;
    return TRUE;
}

VOID
SyDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    StorPortSynchronizeAccess(DeviceExtension, SySync, NULL);   // expect: PagedSectionIrql
}

ULONG
SyFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSy_EXT ext = (PSy_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SyInitialize(PVOID DeviceExtension)
{
    PSy_EXT ext = (PSy_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, SyDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Sy_EXT);
    init.HwFindAdapter = SyFindAdapter;
    init.HwInitialize = SyInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
