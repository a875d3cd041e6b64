// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=pass
// expect-kind: virtual
/*
 * A routine registered only in a later callback. HwStorStartIo registers the completion
 * routine with ProbeDone on one branch and ResetDone on the other (ResetDone first in the source);
 * HwStorInitialize signals ResetDone. The harness runs exactly one callback after
 * initialization: the completion routine runs on paths where StartIo did not run, so
 * no path registered a context for it, and its two registrations disagree: its context
 * is a fresh unknown, never "the first registration the analysis saw". No defect in
 * either order (twin: pass_context_registered_later_probe_first.c).
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _CX_ADAPTER {
    PDEVICE_OBJECT Lower;
    KEVENT ProbeDone;
    KEVENT ResetDone;
} CX_ADAPTER, *PCX_ADAPTER;

NTSTATUS
CxQueryDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);   // ok: DoubleKeSetEvent
    return STATUS_MORE_PROCESSING_REQUIRED;
}

BOOLEAN
CxInitialize(PVOID DeviceExtension)
{
    PCX_ADAPTER adapter = DeviceExtension;

    KeSetEvent(&adapter->ResetDone, IO_NO_INCREMENT, FALSE);   // ok: DoubleKeSetEvent
    return TRUE;
}

BOOLEAN
CxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PCX_ADAPTER adapter = DeviceExtension;
    PIRP irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);

    if (irp != NULL) {
        if (Srb->Function == SRB_FUNCTION_IO_CONTROL) {
            IoSetCompletionRoutine(irp, CxQueryDone, &adapter->ResetDone, TRUE, TRUE, TRUE);
        } else {
            IoSetCompletionRoutine(irp, CxQueryDone, &adapter->ProbeDone, TRUE, TRUE, TRUE);
        }
        (VOID)IoCallDriver(adapter->Lower, irp);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
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
