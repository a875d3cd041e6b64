// check-rules: SpinLock
// expect-status: SpinLock=not_applicable
// expect-kind: physical
/*
 * No call SpinLock monitors (KeAcquireSpinLock, KeAcquireSpinLockRaiseToDpc,
 * KeReleaseSpinLock) is reachable from an entry point. The live code synchronizes
 * with the Storport StartIo lock; the old KSPIN_LOCK variant of the completion path --
 * with an exit-while-held bug in it -- is in a static helper that nothing calls since
 * the driver moved to StorPortAcquireSpinLock.
 */

#include <storport.h>

typedef struct _NA_ADAPTER {
    KSPIN_LOCK LegacyLock;
    ULONG Completed;
} NA_ADAPTER, *PNA_ADAPTER;

static VOID
NaLegacyComplete(PNA_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    KIRQL irql;

    KeAcquireSpinLock(&Adapter->LegacyLock, &irql);        // ok: SpinLock -- unreachable
    Adapter->Completed++;
    if (Srb->SrbStatus != SRB_STATUS_SUCCESS) {
        return;                                             // ok: SpinLock -- unreachable
    }
    KeReleaseSpinLock(&Adapter->LegacyLock, irql);
}

ULONG
NaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNA_ADAPTER adapter = (PNA_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->LegacyLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NaBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNA_ADAPTER adapter = (PNA_ADAPTER)DeviceExtension;
    STOR_LOCK_HANDLE lockHandle;

    StorPortAcquireSpinLock(adapter, StartIoLock, NULL, &lockHandle);
    adapter->Completed++;
    StorPortReleaseSpinLock(adapter, &lockHandle);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    return FALSE;
}

BOOLEAN
NaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NA_ADAPTER);
    init.HwFindAdapter = NaFindAdapter;
    init.HwInitialize = NaInitialize;
    init.HwBuildIo = NaBuildIo;
    init.HwStartIo = NaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
