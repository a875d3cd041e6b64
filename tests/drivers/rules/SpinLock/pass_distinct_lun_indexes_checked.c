// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * The trap next to symbolic_lun_index_may_alias.c: the same "copy between LUNs" code,
 * but StartIo only calls the copy when the source and destination LUN indexes differ.
 * The two KeAcquireSpinLock calls then name different KSPIN_LOCK objects on every
 * feasible path (nested different locks are legal), so there is no violation; a tool
 * that cannot tell `Luns[a]` from `Luns[b]` under `a != b` would report a false
 * re-acquire. Requests naming one LUN twice are completed without copying.
 */

#include <storport.h>

#define SL_LUNS 8
#define SL_OP_COPY 0xC1

typedef struct _SL_LUN {
    KSPIN_LOCK Lock;
    ULONG Blocks;
} SL_LUN;

typedef struct _SL_ADAPTER {
    SL_LUN Luns[SL_LUNS];
    ULONG Copies;
} SL_ADAPTER, *PSL_ADAPTER;

ULONG
SlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSL_ADAPTER adapter = (PSL_ADAPTER)DeviceExtension;
    ULONG i;

    for (i = 0; i < SL_LUNS; i++) {
        KeInitializeSpinLock(&adapter->Luns[i].Lock);
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

static VOID
SlCopyBlocks(PSL_ADAPTER Adapter, ULONG Src, ULONG Dst, ULONG Count)
{
    KIRQL srcIrql;
    KIRQL dstIrql;

    KeAcquireSpinLock(&Adapter->Luns[Src].Lock, &srcIrql);
    KeAcquireSpinLock(&Adapter->Luns[Dst].Lock, &dstIrql);  // ok: SpinLock -- Src != Dst here
    Adapter->Luns[Dst].Blocks += Count;
    Adapter->Copies++;
    KeReleaseSpinLock(&Adapter->Luns[Dst].Lock, dstIrql);
    KeReleaseSpinLock(&Adapter->Luns[Src].Lock, srcIrql);
}

BOOLEAN
SlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSL_ADAPTER adapter = (PSL_ADAPTER)DeviceExtension;

    if (Srb->Cdb[0] == SL_OP_COPY && (Srb->Cdb[1] % SL_LUNS) != (Srb->Cdb[2] % SL_LUNS)) {
        SlCopyBlocks(adapter, Srb->Cdb[1] % SL_LUNS, Srb->Cdb[2] % SL_LUNS, Srb->Cdb[3]);
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
    init.DeviceExtensionSize = sizeof(SL_ADAPTER);
    init.HwFindAdapter = SlFindAdapter;
    init.HwInitialize = SlInitialize;
    init.HwStartIo = SlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
