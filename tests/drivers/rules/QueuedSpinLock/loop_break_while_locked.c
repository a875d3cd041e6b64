// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * A loop over the adapter's targets, each with its own queued lock (an array of
 * KSPIN_LOCKs in the device extension). Each iteration takes the target's lock and
 * normally releases it before the next one, so the acquire inside the loop is never a
 * re-acquire. But when the target being reset is found, the loop `break`s out with that
 * target's lock still held through `handle`, and HwStorResetBus returns holding it.
 * (Full duplex, so HwStorResetBus runs at DISPATCH_LEVEL.)
 */

#include <storport.h>

#define LB_TARGETS 8

typedef struct _LB_TARGET {
    KSPIN_LOCK Lock;
    ULONG Outstanding;
    BOOLEAN ResetPending;
} LB_TARGET, *PLB_TARGET;

typedef struct _LB_ADAPTER {
    LB_TARGET Targets[LB_TARGETS];
    ULONG Resets;
} LB_ADAPTER, *PLB_ADAPTER;

ULONG
LbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLB_ADAPTER adapter = (PLB_ADAPTER)DeviceExtension;
    ULONG i;

    for (i = 0; i < LB_TARGETS; i++) {
        KeInitializeSpinLock(&adapter->Targets[i].Lock);
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
LbInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
LbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
LbResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PLB_ADAPTER adapter = (PLB_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    ULONG i;

    for (i = 0; i < LB_TARGETS; i++) {
        KeAcquireInStackQueuedSpinLock(&adapter->Targets[i].Lock, &handle);  // ok: QueuedSpinLock
        adapter->Targets[i].Outstanding = 0;
        if (i == PathId) {
            adapter->Targets[i].ResetPending = TRUE;
            break;                                      /* handle still holds Targets[i].Lock */
        }
        KeReleaseInStackQueuedSpinLock(&handle);
    }
    adapter->Resets++;
    StorPortCompleteRequest(adapter, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;                                                             // expect: QueuedSpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(LB_ADAPTER);
    init.HwFindAdapter = LbFindAdapter;
    init.HwInitialize = LbInitialize;
    init.HwStartIo = LbStartIo;
    init.HwResetBus = LbResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
