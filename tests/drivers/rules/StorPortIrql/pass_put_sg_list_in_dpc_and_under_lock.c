// check-rules: StorPortIrql
// expect-status: StorPortIrql=pass
// expect-kind: physical
/*
 * StorPortPutScatterGatherList in the DPC (DISPATCH_LEVEL), and in the work item with a
 * spin lock held (KeAcquireSpinLock raised it to DISPATCH_LEVEL).
 */
#include <storport.h>

typedef struct _Pd_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Pd_EXT, *PPd_EXT;

VOID
PdDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PPd_EXT ext = (PPd_EXT)DeviceExtension;

    StorPortPutScatterGatherList(ext, (PSTOR_SCATTER_GATHER_LIST)ext->Buffer, FALSE); // ok: StorPortIrql
}

VOID
PdWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PPd_EXT ext = (PPd_EXT)DeviceExtension;
    KIRQL old;

    KeAcquireSpinLock(&ext->Lock, &old);
    StorPortPutScatterGatherList(ext, (PSTOR_SCATTER_GATHER_LIST)ext->Buffer, TRUE);  // ok: StorPortIrql
    KeReleaseSpinLock(&ext->Lock, old);
}

ULONG
PdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPd_EXT ext = (PPd_EXT)DeviceExtension;
    KeInitializeSpinLock(&ext->Lock);
    if (StorPortInitializeWorker(ext, &ext->Worker) == STOR_STATUS_SUCCESS) {
        StorPortQueueWorkItem(ext, PdWork, ext->Worker, NULL);
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PdInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PPd_EXT)DeviceExtension)->Dpc, PdDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Pd_EXT);
    init.HwFindAdapter = PdFindAdapter;
    init.HwInitialize = PdInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
