/*
 * A virtual miniport instrumented with WPP: the generated .tmh is absent, WPP macros
 * look like calls to unknown functions, format strings carry %!...! specifiers.
 */
// expect-kind: virtual

#include <ntddk.h>
#include <storport.h>
#include "trace.h"
#include "wtdriver.tmh"

typedef struct _WT_EXT {
    PDRIVER_OBJECT DriverObject;
    ULONG Requests;
} WT_EXT, *PWT_EXT;

static PDRIVER_OBJECT WtDriverObject;

ULONG
WtFindAdapter(  // expect-entry: VIRTUAL_HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PVOID LowerDevice,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again)
{
    PWT_EXT ext = (PWT_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_INIT, "args=%s ext=%p", ArgumentString, ext);
    ext->DriverObject = WtDriverObject;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x11;
    *Again = FALSE;
    DoTraceMessage(TRACE_INIT, "%!FUNC! found adapter, max transfer %u",
                   ConfigInfo->MaximumTransferLength);
    return SP_RETURN_FOUND;
}

BOOLEAN
WtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    PWT_EXT ext = (PWT_EXT)DeviceExtension;

    ext->Requests++;
    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_IO, "srb %p function %!SRBFUNC! #%u", Srb,
                Srb->Function, ext->Requests);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

BOOLEAN
WtInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    DoTraceMessage(TRACE_INIT, "%!FUNC!");
    return TRUE;
}

VOID
WtCleanupTracing(PVOID Arg1)  // expect-entry: HW_CLEANUP_TRACING by=registration
{
    WPP_CLEANUP((PDRIVER_OBJECT)Arg1);
}

NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=name
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    DoTraceMessage(TRACE_INIT, "%!FUNC! registry %wZ", RegistryPath);
    WtDriverObject = DriverObject;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(WT_EXT);
    init.HwFindAdapter = WtFindAdapter;
    init.HwInitialize = WtInitialize;
    init.HwStartIo = WtStartIo;
    init.HwCleanupTracing = WtCleanupTracing;

    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_INIT, "StorPortInitialize %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
    }
    return status;
}
