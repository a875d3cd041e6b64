// check-rules: SpIrql
// expect-status: SpIrql=pass
// expect-kind: physical
/*
 * The TDI registration at PASSIVE_LEVEL, in FindAdapter, and the deregistration in the
 * PASSIVE_LEVEL work item: both below DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _Rf_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Rf_EXT, *PRf_EXT;

VOID
RfWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    TdiDeregisterPnPHandlers(((PRf_EXT)DeviceExtension)->Binding);     // ok: SpIrql
}

ULONG
RfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRf_EXT ext = (PRf_EXT)DeviceExtension;
    TdiRegisterPnPHandlers(&ext->Info, sizeof(ext->Info), &ext->Binding);   // ok: SpIrql
    if (StorPortInitializeWorker(ext, &ext->Worker) == STOR_STATUS_SUCCESS) {
        StorPortQueueWorkItem(ext, RfWork, ext->Worker, NULL);
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RfInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Rf_EXT);
    init.HwFindAdapter = RfFindAdapter;
    init.HwInitialize = RfInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
