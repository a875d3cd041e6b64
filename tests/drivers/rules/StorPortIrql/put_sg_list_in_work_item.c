// check-rules: StorPortIrql
// expect-status: StorPortIrql=defect
// expect-kind: physical
/*
 * StorPortPutScatterGatherList only at DISPATCH_LEVEL: the Storport work item runs at
 * PASSIVE_LEVEL.
 */
#include <storport.h>

typedef struct _Ps_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Ps_EXT, *PPs_EXT;

VOID
PsWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PPs_EXT ext = (PPs_EXT)DeviceExtension;

    StorPortPutScatterGatherList(ext, (PSTOR_SCATTER_GATHER_LIST)ext->Buffer, FALSE); // expect: StorPortIrql
}

ULONG
PsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPs_EXT ext = (PPs_EXT)DeviceExtension;
    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {
        return SP_RETURN_ERROR;
    }
    StorPortQueueWorkItem(ext, PsWork, ext->Worker, NULL);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PsInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ps_EXT);
    init.HwFindAdapter = PsFindAdapter;
    init.HwInitialize = PsInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
