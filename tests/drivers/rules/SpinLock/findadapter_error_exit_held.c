// check-rules: SpinLock
// expect-status: SpinLock=defect
// expect-kind: physical
/*
 * A violation in a FindAdapter exit the harness does not follow further. FindAdapter
 * takes `ConfigLock` while it copies the controller's configuration page; when the page
 * has a bad signature it returns SP_RETURN_BAD_CONFIG without releasing. The spec:
 * a violation counts wherever it happens, also in a routine whose path the harness then
 * prunes (only SP_RETURN_FOUND continues), so this `return` is reported. The
 * SP_RETURN_FOUND exit releases first; the "no controller" exit comes before the
 * acquire. Both are fine, and the later StartIo never touches the lock.
 */

#include <storport.h>

#define FE_SIGNATURE 0x46434647

typedef struct _FE_ADAPTER {
    KSPIN_LOCK ConfigLock;
    PULONG ConfigPage;
    ULONG Signature;
    ULONG Channels;
} FE_ADAPTER, *PFE_ADAPTER;

ULONG
FeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFE_ADAPTER adapter = (PFE_ADAPTER)DeviceExtension;
    KIRQL oldIrql;

    *Again = FALSE;
    adapter->ConfigPage = (PULONG)StorPortGetDeviceBase(adapter, ConfigInfo->AdapterInterfaceType,
                                                        ConfigInfo->SystemIoBusNumber,
                                                        (*ConfigInfo->AccessRanges)[0].RangeStart,
                                                        0x1000, FALSE);
    if (adapter->ConfigPage == NULL) {
        return SP_RETURN_NOT_FOUND;                         // ok: SpinLock -- before the acquire
    }

    KeInitializeSpinLock(&adapter->ConfigLock);
    KeAcquireSpinLock(&adapter->ConfigLock, &oldIrql);
    adapter->Signature = StorPortReadRegisterUlong(adapter, adapter->ConfigPage);
    if (adapter->Signature != FE_SIGNATURE) {
        return SP_RETURN_BAD_CONFIG;                        // expect: SpinLock
    }
    adapter->Channels = StorPortReadRegisterUlong(adapter, adapter->ConfigPage + 1) & 0xF;
    KeReleaseSpinLock(&adapter->ConfigLock, oldIrql);

    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    return SP_RETURN_FOUND;                                 // ok: SpinLock
}

BOOLEAN
FeInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FE_ADAPTER);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = FeFindAdapter;
    init.HwInitialize = FeInitialize;
    init.HwStartIo = FeStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
