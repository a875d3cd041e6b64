// check-rules: SpinLockDpc
// expect-status: SpinLockDpc=pass
// expect-kind: physical
/*
 * Nested different locks, acquired and released in helpers three levels down. The
 * Storport DPC takes the adapter's `EventLock` (KeAcquireSpinLockRaiseToDpc) and calls
 * NhPostEvent -> NhAppendToPort -> NhLockPort, which takes the *port's* `Lock`
 * (reached through `Adapter->Ports[n]`, a pointer into the embedded port array set by
 * FindAdapter); NhUnlockPort releases it on the way out. Two distinct KSPIN_LOCK
 * objects, nested and released in reverse order: no re-acquire, nothing held at the
 * DPC's exit. The helper returning with the port lock held is not a callback exit.
 */

#include <storport.h>

#define NH_PORTS 4

typedef struct _NH_PORT {
    KSPIN_LOCK Lock;
    ULONG Events;
} NH_PORT, *PNH_PORT;

typedef struct _NH_ADAPTER {
    KSPIN_LOCK EventLock;
    NH_PORT PortStorage[NH_PORTS];
    PNH_PORT Ports[NH_PORTS];
    STOR_DPC EventDpc;
    ULONG Posted;
    PULONG EventReg;
} NH_ADAPTER, *PNH_ADAPTER;

VOID NhEventDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

static KIRQL
NhLockPort(PNH_PORT Port)
{
    return KeAcquireSpinLockRaiseToDpc(&Port->Lock);        // ok: SpinLockDpc -- nests inside EventLock
}

static VOID
NhUnlockPort(PNH_PORT Port, KIRQL Irql)
{
    KeReleaseSpinLock(&Port->Lock, Irql);
}

static VOID
NhAppendToPort(PNH_ADAPTER Adapter, ULONG Port)
{
    PNH_PORT port = Adapter->Ports[Port % NH_PORTS];
    KIRQL irql;

    irql = NhLockPort(port);
    port->Events++;
    NhUnlockPort(port, irql);
}

static VOID
NhPostEvent(PNH_ADAPTER Adapter, ULONG Event)
{
    NhAppendToPort(Adapter, Event >> 24);
    Adapter->Posted++;
}

ULONG
NhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNH_ADAPTER adapter = (PNH_ADAPTER)DeviceExtension;
    ULONG i;

    KeInitializeSpinLock(&adapter->EventLock);
    for (i = 0; i < NH_PORTS; i++) {
        KeInitializeSpinLock(&adapter->PortStorage[i].Lock);
        adapter->Ports[i] = &adapter->PortStorage[i];
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NhInitialize(PVOID DeviceExtension)
{
    PNH_ADAPTER adapter = (PNH_ADAPTER)DeviceExtension;

    StorPortInitializeDpc(adapter, &adapter->EventDpc, NhEventDpc);
    return TRUE;
}

BOOLEAN
NhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

VOID
NhEventDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PNH_ADAPTER adapter = (PNH_ADAPTER)DeviceExtension;
    KIRQL oldIrql;
    ULONG event;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    oldIrql = KeAcquireSpinLockRaiseToDpc(&adapter->EventLock);
    event = StorPortReadRegisterUlong(adapter, adapter->EventReg);
    if (event != 0) {
        NhPostEvent(adapter, event);
    }
    KeReleaseSpinLock(&adapter->EventLock, oldIrql);
}                                                           // ok: SpinLockDpc

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NH_ADAPTER);
    init.HwFindAdapter = NhFindAdapter;
    init.HwInitialize = NhInitialize;
    init.HwStartIo = NhStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
