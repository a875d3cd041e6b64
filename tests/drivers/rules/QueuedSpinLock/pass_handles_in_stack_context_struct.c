// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=pass
// expect-kind: physical
/*
 * Handles as members of a struct on the stack. HwStorAdapterControl (ScsiRestartAdapter
 * and friends) fills an RX_RESTART_CONTEXT whose two KLOCK_QUEUE_HANDLE members hold two
 * different locks; helpers take a pointer to the context and release through
 * `Ctx->QueueHandle` / `Ctx->EventHandle`. Different members of one struct are different
 * handles; each release frees exactly the lock its member holds, so both locks are
 * free at every exit, and the second acquire of the queue lock through the same member
 * (on ScsiRestartAdapter) is not a re-acquire.
 */

#include <storport.h>

typedef struct _RX_ADAPTER {
    KSPIN_LOCK QueueLock;
    KSPIN_LOCK EventLock;
    ULONG QueuedRequests;
    ULONG EventsPosted;
    BOOLEAN Stopped;
} RX_ADAPTER, *PRX_ADAPTER;

typedef struct _RX_RESTART_CONTEXT {
    PRX_ADAPTER Adapter;
    KLOCK_QUEUE_HANDLE QueueHandle;
    KLOCK_QUEUE_HANDLE EventHandle;
    ULONG Flushed;
} RX_RESTART_CONTEXT, *PRX_RESTART_CONTEXT;

static VOID
RxLockBoth(PRX_RESTART_CONTEXT Ctx)
{
    KeAcquireInStackQueuedSpinLock(&Ctx->Adapter->QueueLock, &Ctx->QueueHandle);
    KeAcquireInStackQueuedSpinLock(&Ctx->Adapter->EventLock, &Ctx->EventHandle);  // ok: QueuedSpinLock
}

static VOID
RxUnlockEvents(PRX_RESTART_CONTEXT Ctx)
{
    KeReleaseInStackQueuedSpinLock(&Ctx->EventHandle);
}

static VOID
RxUnlockQueue(PRX_RESTART_CONTEXT Ctx)
{
    KeReleaseInStackQueuedSpinLock(&Ctx->QueueHandle);
}

ULONG
RxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRX_ADAPTER adapter = (PRX_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->QueueLock);
    KeInitializeSpinLock(&adapter->EventLock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
RxAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PRX_ADAPTER adapter = (PRX_ADAPTER)DeviceExtension;
    RX_RESTART_CONTEXT ctx;

    if (ControlType == ScsiQuerySupportedControlTypes) {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    }

    ctx.Adapter = adapter;
    ctx.Flushed = 0;
    RxLockBoth(&ctx);
    if (ControlType == ScsiStopAdapter) {
        adapter->Stopped = TRUE;
        ctx.Flushed = adapter->QueuedRequests;
        adapter->QueuedRequests = 0;
    }
    adapter->EventsPosted++;
    RxUnlockEvents(&ctx);
    RxUnlockQueue(&ctx);

    if (ControlType == ScsiRestartAdapter) {
        KeAcquireInStackQueuedSpinLock(&adapter->QueueLock, &ctx.QueueHandle);  // ok: QueuedSpinLock
        adapter->Stopped = FALSE;
        adapter->EventsPosted += ctx.Flushed;
        RxUnlockQueue(&ctx);
    }
    return ScsiAdapterControlSuccess;                                           // ok: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RX_ADAPTER);
    init.HwFindAdapter = RxFindAdapter;
    init.HwInitialize = RxInitialize;
    init.HwStartIo = RxStartIo;
    init.HwAdapterControl = RxAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
