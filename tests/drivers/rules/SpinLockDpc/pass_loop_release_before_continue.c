// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=pass
// expect-kind: physical
/*
 * A loop that takes and releases the lock each iteration, with an early `continue`
 * that releases first. HwStorAdapterControl (ScsiRestartAdapter) re-posts the
 * receive buffers of every queue: per queue it takes `BufferLock` with
 * KeAcquireSpinLockRaiseToDpc, and a queue that is disabled releases and `continue`s.
 * The queue count is set by FindAdapter (4), the disabled bits come from a register.
 * The next iteration always finds the lock free, and the routine exits with it free.
 */

#include <storport.h>

#define LR_QUEUES 4

typedef struct _LR_ADAPTER {
    KSPIN_LOCK BufferLock;
    ULONG QueueCount;
    ULONG Posted[LR_QUEUES];
    PULONG DisabledReg;
} LR_ADAPTER, *PLR_ADAPTER;

ULONG
LrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLR_ADAPTER adapter = (PLR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->BufferLock);
    adapter->QueueCount = LR_QUEUES;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
LrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static VOID
LrRepostBuffers(PLR_ADAPTER Adapter)
{
    ULONG disabled = StorPortReadRegisterUlong(Adapter, Adapter->DisabledReg);
    KIRQL oldIrql;
    ULONG q;

    for (q = 0; q < Adapter->QueueCount; q++) {
        oldIrql = KeAcquireSpinLockRaiseToDpc(&Adapter->BufferLock);   // ok: SpinLockDpc
        if (disabled & (1u << q)) {
            KeReleaseSpinLock(&Adapter->BufferLock, oldIrql);
            continue;
        }
        Adapter->Posted[q]++;
        KeReleaseSpinLock(&Adapter->BufferLock, oldIrql);
    }
}

SCSI_ADAPTER_CONTROL_STATUS
LrAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PLR_ADAPTER adapter = (PLR_ADAPTER)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        LrRepostBuffers(adapter);
        return ScsiAdapterControlSuccess;                   // ok: SpinLockDpc
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(LR_ADAPTER);
    init.HwFindAdapter = LrFindAdapter;
    init.HwInitialize = LrInitialize;
    init.HwStartIo = LrStartIo;
    init.HwAdapterControl = LrAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
