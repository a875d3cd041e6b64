// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=defect
// expect-kind: physical
/*
 * The DPC routine itself is annotated _IRQL_requires_max_(PASSIVE_LEVEL), but Storport
 * calls DPC routines at DISPATCH_LEVEL: reported at the routine's name.
 */
#include <storport.h>

typedef struct _Ep_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Ep_EXT, *PEp_EXT;

_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EpDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)  // expect: IrqlAnnotations
{
    ((PEp_EXT)DeviceExtension)->Value = 0;
}

ULONG
EpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PEp_EXT ext = (PEp_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
EpInitialize(PVOID DeviceExtension)
{
    PEp_EXT ext = (PEp_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, EpDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ep_EXT);
    init.HwFindAdapter = EpFindAdapter;
    init.HwInitialize = EpInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
