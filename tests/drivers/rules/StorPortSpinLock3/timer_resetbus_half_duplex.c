// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * Half duplex (the driver never sets ConfigInfo->SynchronizationModel, Storport's
 * default is StorSynchronizeHalfDuplex). In half duplex Storport calls HwStorTimer and
 * HwStorResetBus holding both the StartIo lock and the interrupt lock, and they may take
 * no Storport lock at all.
 *  - The watchdog timer (registered from HwStorInitialize with RequestTimerCall) scans
 *    the outstanding commands under the interrupt lock: already held, reported at the
 *    acquire. That acquire is inside a loop over the targets; it is reported once.
 *  - HwStorResetBus takes the DPC lock of the completion DPC before flushing: a DPC lock
 *    while the interrupt lock is held, and a lock it may not take; reported there.
 * The same code would be right in full duplex for the timer's interrupt lock (see
 * timer_resetbus_full_duplex.c).
 */

#include <storport.h>

#define WD_TARGETS 8
#define WD_TIMER_USEC 500000

typedef struct _WD_EXT {
    ULONG Outstanding[WD_TARGETS];
    ULONG Stalled;
    STOR_DPC CompletionDpc;
} WD_EXT, *PWD_EXT;

VOID
WdWatchdogTimer(PVOID DeviceExtension)
{
    PWD_EXT ext = (PWD_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;
    ULONG target;

    for (target = 0; target < WD_TARGETS; target++) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // expect: StorPortSpinLock3
        if (ext->Outstanding[target] != 0) {
            ext->Stalled++;
        }
        StorPortReleaseSpinLock(ext, &intHandle);
    }
    StorPortNotification(RequestTimerCall, ext, WdWatchdogTimer, WD_TIMER_USEC);
}

VOID
WdCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
}

BOOLEAN
WdResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PWD_EXT ext = (PWD_EXT)DeviceExtension;
    STOR_LOCK_HANDLE dpcHandle;
    ULONG target;

    StorPortAcquireSpinLock(ext, DpcLock, &ext->CompletionDpc, &dpcHandle);  // expect: StorPortSpinLock3
    for (target = 0; target < WD_TARGETS; target++) {
        ext->Outstanding[target] = 0;
    }
    StorPortReleaseSpinLock(ext, &dpcHandle);
    StorPortCompleteRequest(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

ULONG
WdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PWD_EXT ext = (PWD_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->CompletionDpc, WdCompletionDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
WdInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, WdWatchdogTimer, WD_TIMER_USEC);
    return TRUE;
}

BOOLEAN
WdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PWD_EXT ext = (PWD_EXT)DeviceExtension;

    ext->Outstanding[Srb->TargetId % WD_TARGETS]++;
    return TRUE;
}

BOOLEAN
WdInterrupt(PVOID DeviceExtension)
{
    PWD_EXT ext = (PWD_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(WD_EXT);
    init.HwFindAdapter = WdFindAdapter;
    init.HwInitialize = WdInitialize;
    init.HwStartIo = WdStartIo;
    init.HwInterrupt = WdInterrupt;
    init.HwResetBus = WdResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
