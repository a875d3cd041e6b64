// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: virtual
/*
 * Aliasing: one event reached through different spellings. Each target of a virtual
 * adapter has a RemoveDone event. The remove path stores &target->RemoveDone in a
 * stack context (a struct field), passes &ctx to a helper that sets ctx->Done, then
 * sets the same event again through a local copy of &adapter->Targets[id].RemoveDone.
 * HwFreeAdapterResources sets the events of distinct targets, once each: not a defect.
 */

#include <ntddk.h>
#include <storport.h>

#define VA_TARGETS              4
#define IOCTL_VA_REMOVE_TARGET  0x9C40240C

typedef struct _VA_TARGET {
    BOOLEAN Present;
    KEVENT RemoveDone;
} VA_TARGET, *PVA_TARGET;

typedef struct _VA_ADAPTER {
    VA_TARGET Targets[VA_TARGETS];
    KEVENT AdapterGone;
} VA_ADAPTER, *PVA_ADAPTER;

typedef struct _VA_REMOVE_CONTEXT {
    PVA_TARGET Target;
    PKEVENT Done;
} VA_REMOVE_CONTEXT, *PVA_REMOVE_CONTEXT;

static VOID
VaDetachTarget(PVA_REMOVE_CONTEXT Ctx)
{
    Ctx->Target->Present = FALSE;
    KeSetEvent(Ctx->Done, IO_NO_INCREMENT, FALSE);          // ok: DoubleKeSetEvent -- first set
}

VOID
VaProcessServiceRequest(PVOID DeviceExtension, PVOID Context)
{
    PVA_ADAPTER adapter = DeviceExtension;
    PIRP irp = Context;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    VA_REMOVE_CONTEXT ctx;
    PKEVENT waiter;
    ULONG id;

    irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_VA_REMOVE_TARGET &&
        stack->Parameters.DeviceIoControl.InputBufferLength >= sizeof(ULONG)) {
        id = *(PULONG)irp->AssociatedIrp.SystemBuffer;
        if (id < VA_TARGETS) {
            ctx.Target = &adapter->Targets[id];
            ctx.Done = &ctx.Target->RemoveDone;
            VaDetachTarget(&ctx);
            waiter = &adapter->Targets[id].RemoveDone;
            KeSetEvent(waiter, IO_NO_INCREMENT, FALSE);     // expect: DoubleKeSetEvent
            irp->IoStatus.Status = STATUS_SUCCESS;
        }
    }
    StorPortCompleteServiceIrp(adapter, irp);
}

VOID
VaFreeAdapterResources(PVOID DeviceExtension)
{
    PVA_ADAPTER adapter = DeviceExtension;

    KeSetEvent(&adapter->Targets[0].RemoveDone, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent
    KeSetEvent(&adapter->Targets[1].RemoveDone, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent
    KeSetEvent(&adapter->AdapterGone, IO_NO_INCREMENT, FALSE);              // ok: DoubleKeSetEvent
}

ULONG
VaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVA_ADAPTER adapter = DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    for (i = 0; i < VA_TARGETS; i++) {
        adapter->Targets[i].Present = TRUE;
        KeInitializeEvent(&adapter->Targets[i].RemoveDone, NotificationEvent, FALSE);
    }
    KeInitializeEvent(&adapter->AdapterGone, NotificationEvent, FALSE);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfTargets = VA_TARGETS;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VaInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VA_ADAPTER);
    init.HwFindAdapter = VaFindAdapter;
    init.HwInitialize = VaInitialize;
    init.HwStartIo = VaStartIo;
    init.HwProcessServiceRequest = VaProcessServiceRequest;
    init.HwFreeAdapterResources = VaFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
