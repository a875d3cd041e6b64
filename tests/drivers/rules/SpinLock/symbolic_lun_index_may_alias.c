// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * Two locks picked by values the path does not fix. An internal "copy between LUNs"
 * request (a vendor CDB) takes the source LUN's lock and then the destination LUN's
 * lock, both indexed from the CDB. Nothing stops the CDB from naming the same LUN
 * twice, and then the second KeAcquireSpinLock is the same KSPIN_LOCK: a value
 * consistent with the path is checked, so that acquire is a violation. (The
 * pass_distinct_lun_indexes_checked.c driver is the same code with the missing
 * `Src != Dst` check.)
 *
 * Known miss: the tool compares lock keys by identity only (docs/rule-language.md:
 * "never because two unknowns might be equal"), so `&Luns[Dst].Lock` is not found in
 * the held set unless Dst is provably Src. The spec's verdict is `defect`; the header
 * records the tool's current `pass` so that the miss is counted (todo-expect) rather
 * than failing, and must become `defect` / `expect` when the miss is fixed.
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
    KeAcquireSpinLock(&Adapter->Luns[Dst].Lock, &dstIrql);  // todo-expect: SpinLock -- Src == Dst is feasible
    Adapter->Luns[Dst].Blocks += Count;
    Adapter->Copies++;
    KeReleaseSpinLock(&Adapter->Luns[Dst].Lock, dstIrql);
    KeReleaseSpinLock(&Adapter->Luns[Src].Lock, srcIrql);
}

BOOLEAN
SlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSL_ADAPTER adapter = (PSL_ADAPTER)DeviceExtension;

    if (Srb->Cdb[0] == SL_OP_COPY) {
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
