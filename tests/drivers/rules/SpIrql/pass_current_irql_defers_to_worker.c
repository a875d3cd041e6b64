// check-rules: SpIrql
// expect-status: SpIrql=pass
// expect-kind: physical
/*
 * The KeGetCurrentIrql correlation: a helper called from FindAdapter and from the timer
 * registers directly only below DISPATCH_LEVEL and otherwise queues a work item that does.
 */
#include <storport.h>

typedef struct _Cq_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Cq_EXT, *PCq_EXT;

static VOID
CqBindNow(PCq_EXT Ext)
{
    TdiRegisterPnPHandlers(&Ext->Info, sizeof(Ext->Info), &Ext->Binding); // ok: SpIrql
}

VOID
CqWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    CqBindNow((PCq_EXT)DeviceExtension);
}

static VOID
CqBind(PCq_EXT Ext)
{
    if (KeGetCurrentIrql() < DISPATCH_LEVEL) {
        CqBindNow(Ext);
    } else {
        StorPortQueueWorkItem(Ext, CqWork, Ext->Worker, NULL);
    }
}

VOID
CqTimer(PVOID DeviceExtension)
{
    CqBind((PCq_EXT)DeviceExtension);
}

ULONG
CqFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCq_EXT ext = (PCq_EXT)DeviceExtension;
    StorPortInitializeWorker(ext, &ext->Worker);
    CqBind(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CqInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, CqTimer, 1000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Cq_EXT);
    init.HwFindAdapter = CqFindAdapter;
    init.HwInitialize = CqInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
