// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * A lock leak behind a registry setting. FindAdapter reads the "PollCompletions"
 * DWORD with StorPortRegistryRead into a local initialised to 0 (the usual
 * "default off" idiom, the buffer passed as `(PUCHAR)&value` as the DDI's PUCHAR
 * parameter requires) and sets `adapter->Polling` from it. In polling mode HwStorStartIo
 * takes `PollLock` and spins on the status register; when the poll budget runs out it
 * returns FALSE without releasing. The registry can hold any value, so the polling
 * branch -- and the exit with the lock held -- is feasible: the spec's verdict is
 * `defect` at the `return FALSE`.
 *
 * Known miss: StorPortRegistryRead has no model, and the tool does not treat the value
 * written through the cast pointer `(PUCHAR)&value` as clobbering the ULONG local
 * (without the cast, or with the local left uninitialised, the defect is found). So
 * `value` still reads 0, Polling stays FALSE and the rule passes. The header records the
 * tool's current `pass` so that the miss is counted (todo-expect); it must become
 * `defect` / `expect` when the miss is fixed.
 */

#include <storport.h>

#define RV_POLL_BUDGET 1000

typedef struct _RV_ADAPTER {
    KSPIN_LOCK PollLock;
    BOOLEAN Polling;
    PULONG StatusReg;
    ULONG Polled;
} RV_ADAPTER, *PRV_ADAPTER;

ULONG
RvFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRV_ADAPTER adapter = (PRV_ADAPTER)DeviceExtension;
    ULONG value = 0;
    ULONG length = sizeof(value);

    KeInitializeSpinLock(&adapter->PollLock);
    if (StorPortRegistryRead(adapter, (PUCHAR)"PollCompletions", 1, MINIPORT_REG_DWORD,
                             (PUCHAR)&value, &length)) {
        adapter->Polling = value != 0;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RvInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RvStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRV_ADAPTER adapter = (PRV_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    ULONG budget;

    if (adapter->Polling) {
        KeAcquireSpinLock(&adapter->PollLock, &oldIrql);
        for (budget = 0; budget < RV_POLL_BUDGET; budget++) {
            if (StorPortReadRegisterUlong(adapter, adapter->StatusReg) & 1) {
                break;
            }
        }
        if (budget == RV_POLL_BUDGET) {
            Srb->SrbStatus = SRB_STATUS_TIMEOUT;
            return FALSE;                                   // todo-expect: SpinLock -- the cast buffer hides the registry value
        }
        adapter->Polled++;
        KeReleaseSpinLock(&adapter->PollLock, oldIrql);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RV_ADAPTER);
    init.HwFindAdapter = RvFindAdapter;
    init.HwInitialize = RvInitialize;
    init.HwStartIo = RvStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
