// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=pass
// expect-kind: physical
/*
 * Near misses: a helper annotated _IRQL_requires_max_(DISPATCH_LEVEL) called from the
 * DPC (exactly DISPATCH_LEVEL), one annotated _IRQL_requires_min_(APC_LEVEL) called at
 * DISPATCH_LEVEL, and an annotation whose level is not a constant, which is not checked.
 */
#include <storport.h>

typedef struct _Nm_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Nm_EXT, *PNm_EXT;

_IRQL_requires_max_(DISPATCH_LEVEL)
static VOID
NmQueue(PNm_EXT Ext)
{
    Ext->Value++;
}

_IRQL_requires_min_(APC_LEVEL)
static VOID
NmDrain(PNm_EXT Ext)
{
    Ext->Value = 0;
}

_IRQL_requires_max_(NM_MAX_LEVEL)
static VOID
NmOdd(PNm_EXT Ext)
{
    Ext->Value = 2;
}

VOID
NmDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PNm_EXT ext = (PNm_EXT)DeviceExtension;

    NmQueue(ext);                                           // ok: IrqlAnnotations
    NmDrain(ext);                                           // ok: IrqlAnnotations
    NmOdd(ext);                                             // ok: IrqlAnnotations
}

ULONG
NmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNm_EXT ext = (PNm_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NmInitialize(PVOID DeviceExtension)
{
    PNm_EXT ext = (PNm_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, NmDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Nm_EXT);
    init.HwFindAdapter = NmFindAdapter;
    init.HwInitialize = NmInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
