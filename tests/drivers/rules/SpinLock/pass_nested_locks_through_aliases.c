// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * Different locks may nest. The Storport DPC takes the adapter's `CompletionLock`, then,
 * for each completed request, its target's `Lock` -- reached through a pointer field
 * (`Adapter->Targets[i]`, filled by FindAdapter with the addresses of the embedded
 * target structures) and through a local alias `PKSPIN_LOCK targetLock`. The target
 * locks are distinct objects from the completion lock and from each other, released in
 * reverse order each iteration. Nothing is re-acquired and nothing is left held.
 */

#include <storport.h>

#define NL_TARGETS 2

typedef struct _NL_TARGET {
    KSPIN_LOCK Lock;
    ULONG Completed;
} NL_TARGET, *PNL_TARGET;

typedef struct _NL_ADAPTER {
    KSPIN_LOCK CompletionLock;
    NL_TARGET TargetStorage[NL_TARGETS];
    PNL_TARGET Targets[NL_TARGETS];
    STOR_DPC Dpc;
    ULONG Passes;
} NL_ADAPTER, *PNL_ADAPTER;

VOID NlDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

ULONG
NlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNL_ADAPTER adapter = (PNL_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->CompletionLock);
    KeInitializeSpinLock(&adapter->TargetStorage[0].Lock);
    KeInitializeSpinLock(&adapter->TargetStorage[1].Lock);
    adapter->Targets[0] = &adapter->TargetStorage[0];
    adapter->Targets[1] = &adapter->TargetStorage[1];
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NlInitialize(PVOID DeviceExtension)
{
    PNL_ADAPTER adapter = (PNL_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->Dpc, NlDpc);
    return TRUE;
}

BOOLEAN
NlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNL_ADAPTER adapter = (PNL_ADAPTER)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    StorPortIssueDpc(adapter, &adapter->Dpc, NULL, NULL);
    return TRUE;
}

static VOID
NlCountTarget(PNL_TARGET Target)
{
    PKSPIN_LOCK targetLock = &Target->Lock;
    KIRQL irql;

    KeAcquireSpinLock(targetLock, &irql);                   // ok: SpinLock -- nests inside CompletionLock
    Target->Completed++;
    KeReleaseSpinLock(targetLock, irql);
}

VOID
NlDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PNL_ADAPTER adapter = (PNL_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    ULONG i;

    KeAcquireSpinLock(&adapter->CompletionLock, &oldIrql);
    for (i = 0; i < NL_TARGETS; i++) {
        NlCountTarget(adapter->Targets[i]);
    }
    adapter->Passes++;
    KeReleaseSpinLock(&adapter->CompletionLock, oldIrql);
}                                                           // ok: SpinLock

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NL_ADAPTER);
    init.HwFindAdapter = NlFindAdapter;
    init.HwInitialize = NlInitialize;
    init.HwStartIo = NlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
