// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=defect
// expect-kind: physical
/*
 * Lowering below the entry level: the DPC (DISPATCH_LEVEL) "restores" PASSIVE_LEVEL with
 * KeLowerIrql, as if it had raised, and returns at PASSIVE_LEVEL.
 */
#include <storport.h>

typedef struct _LW_EXT {
    STOR_DPC Dpc;
    ULONG Count;
} LW_EXT, *PLW_EXT;

VOID
LwDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PLW_EXT ext = (PLW_EXT)DeviceExtension;

    ext->Count++;
    KeLowerIrql(PASSIVE_LEVEL);
}                                                           // expect: SpChangeIrql

ULONG
LwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LwInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PLW_EXT)DeviceExtension)->Dpc, LwDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(LW_EXT);
    init.HwFindAdapter = LwFindAdapter;
    init.HwInitialize = LwInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
