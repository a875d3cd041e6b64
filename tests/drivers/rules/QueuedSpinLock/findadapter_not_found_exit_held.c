// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: physical
/*
 * A violation in a routine whose path the harness then stops following. HwStorFindAdapter
 * registers the adapter in a driver-wide list under a global queued spin lock; when
 * the controller's revision register reports an unsupported revision it returns
 * SP_RETURN_NOT_FOUND with the lock still held. The harness does not go on past a
 * FindAdapter that does not return SP_RETURN_FOUND, but the violation at that `return`
 * counts all the same. The SP_RETURN_FOUND exit releases first.
 */

#include <storport.h>

#define FN_MIN_REVISION 3

typedef struct _FN_ADAPTER {
    LIST_ENTRY GlobalLink;
    PULONG Registers;
    ULONG Revision;
} FN_ADAPTER, *PFN_ADAPTER;

static KSPIN_LOCK FnGlobalLock;
static LIST_ENTRY FnAdapters;

ULONG
FnFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFN_ADAPTER adapter = (PFN_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;

    *Again = FALSE;
    adapter->Registers = StorPortGetDeviceBase(adapter, PCIBus, ConfigInfo->SystemIoBusNumber,
                                               (*ConfigInfo->AccessRanges)[0].RangeStart,
                                               0x1000, FALSE);
    if (adapter->Registers == NULL) {
        return SP_RETURN_ERROR;                                         // ok: QueuedSpinLock
    }

    KeAcquireInStackQueuedSpinLock(&FnGlobalLock, &handle);
    adapter->Revision = StorPortReadRegisterUlong(adapter, adapter->Registers) & 0xFF;
    if (adapter->Revision < FN_MIN_REVISION) {
        return SP_RETURN_NOT_FOUND;                                     // expect: QueuedSpinLock
    }
    InsertTailList(&FnAdapters, &adapter->GlobalLink);
    KeReleaseInStackQueuedSpinLock(&handle);

    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    return SP_RETURN_FOUND;                                             // ok: QueuedSpinLock
}

BOOLEAN
FnInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FnStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    KeInitializeSpinLock(&FnGlobalLock);
    InitializeListHead(&FnAdapters);
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FN_ADAPTER);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = FnFindAdapter;
    init.HwInitialize = FnInitialize;
    init.HwStartIo = FnStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
