// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=defect
// expect-kind: physical
/*
 * The interrupt routine runs at DIRQL; the helper it calls is annotated
 * _IRQL_requires_max_(DISPATCH_LEVEL).
 */
#include <storport.h>

typedef struct _Id_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Id_EXT, *PId_EXT;

_IRQL_requires_max_(DISPATCH_LEVEL)
static BOOLEAN
IdQueue(PId_EXT Ext)
{
    Ext->Value++;
    return TRUE;
}

BOOLEAN
IdInterrupt(PVOID DeviceExtension)
{
    return IdQueue((PId_EXT)DeviceExtension);               // expect: IrqlAnnotations
}

ULONG
IdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PId_EXT ext = (PId_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
IdInitialize(PVOID DeviceExtension)
{
    PId_EXT ext = (PId_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Id_EXT);
    init.HwFindAdapter = IdFindAdapter;
    init.HwInitialize = IdInitialize;
    init.HwInterrupt = IdInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
