// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: virtual
/*
 * The context a routine is registered with is path state. HwStorInitialize signals
 * ResetDone, then sends one query IRP down with a completion routine whose context is
 * ProbeDone on one branch and ResetDone on the other (the ResetDone branch first in the source).
 * The completion routine signals its context. On the path that registered ResetDone,
 * it is the second KeSetEvent on that event; on the other, the first on ProbeDone. The
 * verdict must not depend on which branch the source lists first (its twin,
 * context_per_path_probe_first.c, has them the other way round).
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _CX_ADAPTER {
    PDEVICE_OBJECT Lower;
    KEVENT ProbeDone;
    KEVENT ResetDone;
    ULONG Mode;
} CX_ADAPTER, *PCX_ADAPTER;

NTSTATUS
CxQueryDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);   // expect: DoubleKeSetEvent -- on the ResetDone path only
    return STATUS_MORE_PROCESSING_REQUIRED;
}

BOOLEAN
CxInitialize(PVOID DeviceExtension)
{
    PCX_ADAPTER adapter = DeviceExtension;
    PIRP irp;

    KeSetEvent(&adapter->ResetDone, IO_NO_INCREMENT, FALSE);   // ok: DoubleKeSetEvent -- first set
    irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        return FALSE;
    }
    if (adapter->Lower->Flags & DO_POWER_PAGABLE) {
        IoSetCompletionRoutine(irp, CxQueryDone, &adapter->ResetDone, TRUE, TRUE, TRUE);
    } else {
        IoSetCompletionRoutine(irp, CxQueryDone, &adapter->ProbeDone, TRUE, TRUE, TRUE);
    }
    (VOID)IoCallDriver(adapter->Lower, irp);
    return TRUE;
}

ULONG
CxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PCX_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    adapter->Lower = LowerDevice;
    KeInitializeEvent(&adapter->ProbeDone, NotificationEvent, FALSE);
    KeInitializeEvent(&adapter->ResetDone, NotificationEvent, FALSE);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
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
    init.DeviceExtensionSize = sizeof(CX_ADAPTER);
    init.HwFindAdapter = CxFindAdapter;
    init.HwInitialize = CxInitialize;
    init.HwStartIo = CxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
