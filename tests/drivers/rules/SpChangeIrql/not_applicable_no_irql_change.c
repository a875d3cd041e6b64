// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=not_applicable
// expect-kind: physical
/*
 * No IRQL-changing DDI is reachable (KeGetCurrentIrql and the DPC-level lock variants
 * change nothing): not applicable.
 */
#include <storport.h>

typedef struct _NC_EXT {
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    ULONG Level;
} NC_EXT, *PNC_EXT;

VOID
NcDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PNC_EXT ext = (PNC_EXT)DeviceExtension;

    KeAcquireSpinLockAtDpcLevel(&ext->Lock);
    ext->Level = KeGetCurrentIrql();
    KeReleaseSpinLockFromDpcLevel(&ext->Lock);
}

ULONG
NcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    KeInitializeSpinLock(&((PNC_EXT)DeviceExtension)->Lock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NcInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PNC_EXT)DeviceExtension)->Dpc, NcDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(NC_EXT);
    init.HwFindAdapter = NcFindAdapter;
    init.HwInitialize = NcInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
