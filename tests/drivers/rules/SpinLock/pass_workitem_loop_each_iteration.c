// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * A loop that takes and releases the lock once per iteration, with `continue` and
 * `break` both placed after the release. The Storport work item (queued from the
 * HW_TIMER routine, itself registered with RequestTimerCall) walks the LUN table: for
 * each LUN it takes `LunLock`, copies the LUN's state, releases, and only then decides
 * to skip (`continue`) or stop (`break`). Every iteration starts with the lock free,
 * and the work item returns with it free.
 */

#include <storport.h>

#define WL_LUNS 8

typedef struct _WL_LUN {
    BOOLEAN Present;
    ULONG Errors;
} WL_LUN;

typedef struct _WL_ADAPTER {
    KSPIN_LOCK LunLock;
    WL_LUN Luns[WL_LUNS];
    PVOID Worker;
    PULONG ErrorReg;
    ULONG Rescans;
} WL_ADAPTER, *PWL_ADAPTER;

VOID WlHealthWork(PVOID DeviceExtension, PVOID Context, PVOID Worker);
VOID WlTimer(PVOID DeviceExtension);

ULONG
WlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PWL_ADAPTER adapter = (PWL_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->LunLock);
    adapter->Luns[0].Present = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
WlInitialize(PVOID DeviceExtension)
{
    PWL_ADAPTER adapter = (PWL_ADAPTER)DeviceExtension;

    StorPortInitializeWorker(adapter, &adapter->Worker);
    StorPortNotification(RequestTimerCall, adapter, WlTimer, 2000000);
    return TRUE;
}

VOID
WlTimer(PVOID DeviceExtension)
{
    PWL_ADAPTER adapter = (PWL_ADAPTER)DeviceExtension;

    StorPortQueueWorkItem(adapter, WlHealthWork, adapter->Worker, NULL);
    StorPortNotification(RequestTimerCall, adapter, WlTimer, 2000000);
}

VOID
WlHealthWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PWL_ADAPTER adapter = (PWL_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    BOOLEAN present;
    ULONG errors;
    ULONG lun;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    for (lun = 0; lun < WL_LUNS; lun++) {
        KeAcquireSpinLock(&adapter->LunLock, &oldIrql);     // ok: SpinLock -- released every iteration
        present = adapter->Luns[lun].Present;
        errors = StorPortReadRegisterUlong(adapter, adapter->ErrorReg + lun);
        adapter->Luns[lun].Errors = errors;
        KeReleaseSpinLock(&adapter->LunLock, oldIrql);
        if (!present) {
            continue;
        }
        if (errors > 100) {
            adapter->Rescans++;
            StorPortNotification(BusChangeDetected, adapter, 0);
            break;
        }
    }
}                                                           // ok: SpinLock

BOOLEAN
WlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(WL_ADAPTER);
    init.HwFindAdapter = WlFindAdapter;
    init.HwInitialize = WlInitialize;
    init.HwStartIo = WlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
