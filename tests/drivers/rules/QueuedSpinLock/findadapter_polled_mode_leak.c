// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * A leak that exists only in one adapter configuration. HwStorFindAdapter selects
 * polled completion (`Polled = TRUE`) when the adapter reports no interrupt; in that
 * mode HwStorStartIo spins on the completion register itself and, when the command
 * does not finish within the poll budget, returns with the completion lock still held
 * (the interrupt-driven path releases before returning). The path through FindAdapter's
 * polled branch reaches the `return` with the lock held: a defect, although on the
 * interrupt-driven paths (flag 0) every exit is clean.
 */

#include <storport.h>

typedef struct _PM_ADAPTER {
    KSPIN_LOCK CompletionLock;
    BOOLEAN Polled;
    ULONG PollBudget;
    ULONG Completed;
    PULONG CompletionReg;
} PM_ADAPTER, *PPM_ADAPTER;

ULONG
PmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPM_ADAPTER adapter = (PPM_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CompletionLock);
    if (ConfigInfo->BusInterruptLevel == 0 && ConfigInfo->BusInterruptVector == 0) {
        adapter->Polled = TRUE;
        adapter->PollBudget = 1000;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PmInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

static BOOLEAN
PmPollCompletion(PPM_ADAPTER Adapter)
{
    ULONG spins;

    for (spins = 0; spins < Adapter->PollBudget; spins++) {
        if (StorPortReadRegisterUlong(Adapter, Adapter->CompletionReg) & 1) {
            return TRUE;
        }
        StorPortStallExecution(1);
    }
    return FALSE;
}

BOOLEAN
PmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPM_ADAPTER adapter = (PPM_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&adapter->CompletionLock, &handle);
    if (adapter->Polled) {
        if (!PmPollCompletion(adapter)) {
            Srb->SrbStatus = SRB_STATUS_TIMEOUT;
            StorPortNotification(RequestComplete, DeviceExtension, Srb);
            return TRUE;                                        // expect: QueuedSpinLock
        }
        adapter->Completed++;
    }
    KeReleaseInStackQueuedSpinLock(&handle);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;                                                // ok: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(PM_ADAPTER);
    init.HwFindAdapter = PmFindAdapter;
    init.HwInitialize = PmInitialize;
    init.HwStartIo = PmStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
