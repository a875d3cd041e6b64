// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=pass
// expect-kind: virtual
/*
 * Acquire and release in different helpers, two and three levels below the entry point,
 * with the saved IRQL carried in a context struct. HwProcessServiceRequest calls
 * HpBeginCancelable (-> HpLockCancel: IoAcquireCancelSpinLock(&Ctx->Irql)), then
 * HpFinishCancelable (-> HpQueueOrFail -> HpUnlockCancel: IoReleaseCancelSpinLock). The
 * early failure in HpQueueOrFail unlocks before it returns FALSE, and the entry point
 * never touches the lock itself after that. Helper returns while the lock is held are
 * not callback exits; every exit of the entry point has the lock released exactly once.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_HP_SUBSCRIBE CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x870, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _HP_ADAPTER {
    LIST_ENTRY Subscribers;
    ULONG Count;
} HP_ADAPTER, *PHP_ADAPTER;

typedef struct _HP_CONTEXT {
    PHP_ADAPTER Adapter;
    PIRP Irp;
    KIRQL Irql;
} HP_CONTEXT, *PHP_CONTEXT;

VOID
HpCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
    IoReleaseCancelSpinLock(Irp->CancelIrql);                           // ok: CancelSpinLock
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static VOID
HpLockCancel(PHP_CONTEXT Ctx)
{
    IoAcquireCancelSpinLock(&Ctx->Irql);
}                                                                       // ok: CancelSpinLock

static VOID
HpUnlockCancel(PHP_CONTEXT Ctx)
{
    IoReleaseCancelSpinLock(Ctx->Irql);                                 // ok: CancelSpinLock
}

static VOID
HpBeginCancelable(PHP_CONTEXT Ctx)
{
    HpLockCancel(Ctx);
    IoSetCancelRoutine(Ctx->Irp, HpCancel);
}

static BOOLEAN
HpQueueOrFail(PHP_CONTEXT Ctx)
{
    if (Ctx->Irp->Cancel && IoSetCancelRoutine(Ctx->Irp, NULL) != NULL) {
        HpUnlockCancel(Ctx);
        return FALSE;                                                   // ok: CancelSpinLock
    }
    InsertTailList(&Ctx->Adapter->Subscribers, &Ctx->Irp->Tail.Overlay.ListEntry);
    Ctx->Adapter->Count++;
    HpUnlockCancel(Ctx);
    return TRUE;
}

static BOOLEAN
HpFinishCancelable(PHP_CONTEXT Ctx)
{
    return HpQueueOrFail(Ctx);
}

VOID
HpProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    HP_CONTEXT ctx;
    PIO_STACK_LOCATION stack;

    ctx.Adapter = (PHP_ADAPTER)DeviceExtension;
    ctx.Irp = (PIRP)Irp;
    stack = IoGetCurrentIrpStackLocation(ctx.Irp);
    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_HP_SUBSCRIBE) {
        ctx.Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        StorPortCompleteServiceIrp(ctx.Adapter, ctx.Irp);
        return;
    }
    HpBeginCancelable(&ctx);
    if (!HpFinishCancelable(&ctx)) {
        ctx.Irp->IoStatus.Status = STATUS_CANCELLED;
        StorPortCompleteServiceIrp(ctx.Adapter, ctx.Irp);
        return;                                                         // ok: CancelSpinLock
    }
}                                                                       // ok: CancelSpinLock

ULONG
HpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PHP_ADAPTER adapter = (PHP_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->Subscribers);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(HP_ADAPTER);
    init.HwFindAdapter = HpFindAdapter;
    init.HwInitialize = HpInitialize;
    init.HwStartIo = HpStartIo;
    init.HwProcessServiceRequest = HpProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
