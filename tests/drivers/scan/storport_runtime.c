/*
 * Storport's runtime registrations, each in the routine where drivers usually make it:
 * passive initialization and DPCs in HwInitialize, a RequestTimerCall timer re-armed
 * from itself and cancelled with NULL, a StorPortRequestTimer timer, and a work item
 * queued from StartIo. No role types: every callback below is found by registration.
 */
// expect-kind: physical

#include <storport.h>

typedef struct _SR_EXT {
    STOR_DPC CompletionDpc;
    STOR_DPC ErrorDpc;
    PVOID RetryTimer;
    PVOID Worker;
    ULONG Retries;
    ULONG PollCount;
    BOOLEAN PassiveReady;
    BOOLEAN Stopping;
} SR_EXT, *PSR_EXT;

VOID
SrCompletionDpc(  // expect-entry: HW_DPC_ROUTINE by=registration
    PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    ((PSR_EXT)HwDeviceExtension)->Retries = 0;
}

VOID
SrErrorDpc(  // expect-entry: HW_DPC_ROUTINE by=registration
    PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortNotification(BusChangeDetected, HwDeviceExtension, (UCHAR)(ULONG_PTR)SystemArgument1);
}

VOID
SrPoll(_In_ PVOID DeviceExtension)  // expect-entry: HW_TIMER by=registration
{
    PSR_EXT ext = (PSR_EXT)DeviceExtension;

    ext->PollCount++;
    if (ext->Stopping) {
        StorPortNotification(RequestTimerCall, ext, NULL, 0);
        return;
    }
    StorPortNotification(RequestTimerCall, ext, SrPoll, 100000);
}

VOID
SrRetry(_In_ PVOID DeviceExtension, _In_opt_ PVOID Context)  // expect-entry: HW_TIMER by=registration
{
    PSCSI_REQUEST_BLOCK srb = (PSCSI_REQUEST_BLOCK)Context;

    srb->SrbStatus = SRB_STATUS_BUSY;
    StorPortNotification(RequestComplete, DeviceExtension, srb);
}

VOID
SrWorkItem(  // expect-entry: HW_WORKITEM by=registration
    _In_ PVOID HwDeviceExtension, _In_opt_ PVOID Context, _In_ PVOID Worker)
{
    PSR_EXT ext = (PSR_EXT)HwDeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    ext->Retries++;
}

BOOLEAN
SrPassiveInit(_In_ PVOID DeviceExtension)  // expect-entry: HW_PASSIVE_INITIALIZE_ROUTINE by=registration
{
    PSR_EXT ext = (PSR_EXT)DeviceExtension;

    ext->PassiveReady = TRUE;
    return StorPortInitializeWorker(ext, &ext->Worker) == STOR_STATUS_SUCCESS &&
           StorPortInitializeTimer(ext, &ext->RetryTimer) == STOR_STATUS_SUCCESS;
}

ULONG
SrFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x21;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SrInitialize(_In_ PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    PSR_EXT ext = (PSR_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->CompletionDpc, SrCompletionDpc);
    StorPortInitializeDpc(ext, &ext->ErrorDpc, &SrErrorDpc);
    StorPortNotification(RequestTimerCall, ext, SrPoll, 100000);
    return StorPortEnablePassiveInitialization(ext, SrPassiveInit);
}

BOOLEAN
SrStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    PSR_EXT ext = (PSR_EXT)DeviceExtension;

    if (!ext->PassiveReady) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }
    if (Srb->Function == SRB_FUNCTION_FLUSH) {
        StorPortQueueWorkItem(ext, SrWorkItem, ext->Worker, Srb);
    } else {
        StorPortRequestTimer(ext, ext->RetryTimer, SrRetry, Srb, 20000, 1000);
    }
    return TRUE;
}

NTSTATUS
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(SR_EXT);
    init.HwFindAdapter = SrFindAdapter;
    init.HwInitialize = SrInitialize;
    init.HwStartIo = SrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
