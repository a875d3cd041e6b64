// check-rules: SpinLock
// expect-status: SpinLock=defect
// expect-kind: physical
/*
 * A `switch` in HwStorStartIo, inside the lock. The routine takes `TargetLock` and
 * dispatches on the SRB function. SRB_FUNCTION_RESET_DEVICE and the default case
 * `break` to the common release; SRB_FUNCTION_ABORT_COMMAND completes the SRB and
 * `return`s straight out of the switch, still holding the lock. Only that `return` is
 * a violation. The SRB function is unknown, so every case is a feasible path.
 */

#include <storport.h>

typedef struct _SW_ADAPTER {
    KSPIN_LOCK TargetLock;
    ULONG Resets;
    ULONG Aborts;
    ULONG Started;
} SW_ADAPTER, *PSW_ADAPTER;

ULONG
SwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSW_ADAPTER adapter = (PSW_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TargetLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x10000;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSW_ADAPTER adapter = (PSW_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    KeAcquireSpinLock(&adapter->TargetLock, &oldIrql);
    switch (Srb->Function) {
    case SRB_FUNCTION_RESET_DEVICE:
        adapter->Resets++;
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    case SRB_FUNCTION_ABORT_COMMAND:
        adapter->Aborts++;
        Srb->SrbStatus = SRB_STATUS_ABORT_FAILED;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                                        // expect: SpinLock
    case SRB_FUNCTION_EXECUTE_SCSI:
        adapter->Started++;
        Srb->SrbStatus = SRB_STATUS_PENDING;
        KeReleaseSpinLock(&adapter->TargetLock, oldIrql);
        return TRUE;                                        // ok: SpinLock -- released just before
    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }
    KeReleaseSpinLock(&adapter->TargetLock, oldIrql);
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;                                            // ok: SpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SW_ADAPTER);
    init.HwFindAdapter = SwFindAdapter;
    init.HwInitialize = SwInitialize;
    init.HwStartIo = SwStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
