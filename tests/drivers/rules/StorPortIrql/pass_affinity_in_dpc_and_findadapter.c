// check-rules: StorPortIrql
// expect-status: StorPortIrql=pass
// expect-kind: physical
/*
 * The near miss of interrupt_group_affinity.c: the affinity is queried in FindAdapter
 * (PASSIVE_LEVEL) and refreshed in the DPC (DISPATCH_LEVEL); the interrupt routine only
 * queues the DPC.
 */
#include <storport.h>

typedef struct _Gp_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Gp_EXT, *PGp_EXT;

VOID
GpDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PGp_EXT ext = (PGp_EXT)DeviceExtension;

    StorPortGetGroupAffinity(ext, 0, &ext->Affinity);       // ok: StorPortIrql
}

BOOLEAN
GpInterrupt(PVOID DeviceExtension)
{
    PGp_EXT ext = (PGp_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->Dpc, NULL, NULL);
    return TRUE;
}

ULONG
GpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PGp_EXT ext = (PGp_EXT)DeviceExtension;
    StorPortGetGroupAffinity(ext, 0, &ext->Affinity);       // ok: StorPortIrql
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GpInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PGp_EXT)DeviceExtension)->Dpc, GpDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Gp_EXT);
    init.HwFindAdapter = GpFindAdapter;
    init.HwInitialize = GpInitialize;
    init.HwInterrupt = GpInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
