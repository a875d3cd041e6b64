// check-rules: SpinLock
// expect-status: SpinLock=pass
// expect-kind: physical
/*
 * Lock and unlock in helpers, two levels deep. HwStorStartIo calls HrReserveTag, which
 * calls HrLockTags, which takes `TagLock` and returns with it held; HrReserveTag
 * returns the tag still holding it, and StartIo releases it through HrUnlockTags after
 * posting the command. The helpers' `return`s with the lock held are not violations
 * ("callback exit" is the entry point's exit, not a helper's): StartIo releases on
 * both of its paths, the "no free tag" one included.
 */

#include <storport.h>

#define HR_TAGS 32

typedef struct _HR_ADAPTER {
    KSPIN_LOCK TagLock;
    ULONG TagBitmap;
    PULONG Doorbell;
} HR_ADAPTER, *PHR_ADAPTER;

static KIRQL
HrLockTags(PHR_ADAPTER Adapter)
{
    KIRQL irql;

    KeAcquireSpinLock(&Adapter->TagLock, &irql);
    return irql;                                            // ok: SpinLock -- a helper, not the callback
}

static VOID
HrUnlockTags(PHR_ADAPTER Adapter, KIRQL Irql)
{
    KeReleaseSpinLock(&Adapter->TagLock, Irql);
}

static LONG
HrReserveTag(PHR_ADAPTER Adapter, PKIRQL Irql)
{
    LONG tag;

    *Irql = HrLockTags(Adapter);
    for (tag = 0; tag < HR_TAGS; tag++) {
        if ((Adapter->TagBitmap & (1u << tag)) == 0) {
            Adapter->TagBitmap |= 1u << tag;
            return tag;                                     // ok: SpinLock
        }
    }
    return -1;                                              // ok: SpinLock
}

ULONG
HrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHR_ADAPTER adapter = (PHR_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TagLock);
    adapter->TagBitmap = StorPortReadRegisterUlong(adapter, adapter->Doorbell);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HrInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PHR_ADAPTER adapter = (PHR_ADAPTER)DeviceExtension;
    KIRQL irql;
    LONG tag;

    tag = HrReserveTag(adapter, &irql);
    if (tag < 0) {
        HrUnlockTags(adapter, irql);
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, adapter, Srb);
        return TRUE;                                        // ok: SpinLock
    }
    StorPortWriteRegisterUlong(adapter, adapter->Doorbell, (ULONG)tag);
    HrUnlockTags(adapter, irql);
    return TRUE;                                            // ok: SpinLock
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(HR_ADAPTER);
    init.HwFindAdapter = HrFindAdapter;
    init.HwInitialize = HrInitialize;
    init.HwStartIo = HrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
