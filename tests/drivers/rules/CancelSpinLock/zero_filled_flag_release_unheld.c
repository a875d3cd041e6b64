// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * The zero-filled device extension decides the path. The virtual miniport's
 * HwFreeAdapterResources tears down pended IRPs; it assumes HwStorInitialize left the
 * cancel spin lock "handed over" in `CancelLockHeld` and releases it when that field
 * is 0 -- meant as "the teardown owns the lock" -- otherwise it acquires first. No
 * routine ever writes the field, so it reads 0 on every path, and the release runs
 * without any acquire: violation at the release. (The acquire branch is dead.)
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _ZC_ADAPTER {
    BOOLEAN CancelLockHeld;     /* never written */
    LIST_ENTRY Pending;
    ULONG TornDown;
} ZC_ADAPTER, *PZC_ADAPTER;

VOID
ZcFreeAdapterResources(PVOID DeviceExtension)
{
    PZC_ADAPTER adapter = (PZC_ADAPTER)DeviceExtension;
    KIRQL irql = PASSIVE_LEVEL;

    if (adapter->CancelLockHeld) {
        IoAcquireCancelSpinLock(&irql);                                 // ok: CancelSpinLock
    }
    adapter->TornDown++;
    InitializeListHead(&adapter->Pending);
    if (!adapter->CancelLockHeld) {
        IoReleaseCancelSpinLock(irql);                                  // expect: CancelSpinLock
    }
}

ULONG
ZcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PZC_ADAPTER adapter = (PZC_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->Pending);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ZcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
ZcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(ZC_ADAPTER);
    init.HwFindAdapter = ZcFindAdapter;
    init.HwInitialize = ZcInitialize;
    init.HwStartIo = ZcStartIo;
    init.HwFreeAdapterResources = ZcFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
