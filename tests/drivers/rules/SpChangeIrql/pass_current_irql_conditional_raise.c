// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=pass
// expect-kind: physical
/*
 * The KeGetCurrentIrql correlation: a helper used from FindAdapter (PASSIVE_LEVEL) and the
 * DPC (DISPATCH_LEVEL) raises only when below DISPATCH_LEVEL and lowers only when it
 * raised. On every path each routine returns at its entry level.
 */
#include <storport.h>

typedef struct _CR_EXT {
    STOR_DPC Dpc;
    ULONG Count;
} CR_EXT, *PCR_EXT;

static VOID
CrBump(PCR_EXT Ext)
{
    KIRQL old = DISPATCH_LEVEL;
    BOOLEAN raised = FALSE;

    if (KeGetCurrentIrql() < DISPATCH_LEVEL) {
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        raised = TRUE;
    }
    Ext->Count++;
    if (raised) {
        KeLowerIrql(old);
    }
}

VOID
CrDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    CrBump((PCR_EXT)DeviceExtension);
}                                                           // ok: SpChangeIrql

ULONG
CrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    CrBump((PCR_EXT)DeviceExtension);
    *Again = FALSE;
    return SP_RETURN_FOUND;                                 // ok: SpChangeIrql
}

BOOLEAN
CrInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PCR_EXT)DeviceExtension)->Dpc, CrDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(CR_EXT);
    init.HwFindAdapter = CrFindAdapter;
    init.HwInitialize = CrInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
