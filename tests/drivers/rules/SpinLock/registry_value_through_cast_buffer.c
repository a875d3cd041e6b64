// check-rules: SpinLock
// expect-status: SpinLock=defect
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
 * Without the WDK headers the parser reads `(PUCHAR)&value` as `PUCHAR & value`; the
 * frontend takes a parenthesised WDK-style type name before `&` for the cast it is, so
 * the registry read is seen to write `value`.
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
            return FALSE;                                   // expect: SpinLock -- the lock is still held
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
