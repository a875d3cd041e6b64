// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=defect
// expect-kind: physical
/*
 * The annotation is on the declaration and the definition says _Use_decl_annotations_:
 * the DPC (DISPATCH_LEVEL) breaks the declaration's _IRQL_requires_max_(APC_LEVEL).
 */
#include <storport.h>

typedef struct _Da_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Da_EXT, *PDa_EXT;

_IRQL_requires_max_(APC_LEVEL)
VOID DaFlush(PDa_EXT Ext);

_Use_decl_annotations_
VOID
DaFlush(PDa_EXT Ext)
{
    Ext->Value = 0;
}

VOID
DaDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    DaFlush((PDa_EXT)DeviceExtension);                      // expect: IrqlAnnotations
}

ULONG
DaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDa_EXT ext = (PDa_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DaInitialize(PVOID DeviceExtension)
{
    PDa_EXT ext = (PDa_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, DaDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Da_EXT);
    init.HwFindAdapter = DaFindAdapter;
    init.HwInitialize = DaInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
