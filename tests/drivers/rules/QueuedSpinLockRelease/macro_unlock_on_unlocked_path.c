// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=defect
// expect-kind: physical
/*
 * Driver macros around the DDIs: MU_LOCK_IF(cond, lock, h) acquires only when `cond`
 * holds, MU_UNLOCK(h) always releases. HwStorBuildIo uses MU_LOCK_IF with the SRB's
 * "needs DMA remap" test and MU_UNLOCK at the end: for requests that need no remap the
 * release goes through an unused handle. The violation inside the macro expansion is
 * reported on the line that invokes MU_UNLOCK. The MU_WITH_LOCK block before it is a
 * complete acquire/release pair and fine.
 */

#include <storport.h>

#define MU_LOCK_IF(cond, lock, h)                               \
    do {                                                        \
        if (cond) {                                             \
            KeAcquireInStackQueuedSpinLock((lock), (h));        \
        }                                                       \
    } while (0)
#define MU_UNLOCK(h)  KeReleaseInStackQueuedSpinLock(h)
#define MU_WITH_LOCK(lock, h, stmt)                             \
    do {                                                        \
        KeAcquireInStackQueuedSpinLock((lock), (h));            \
        stmt;                                                   \
        KeReleaseInStackQueuedSpinLock(h);                      \
    } while (0)

#define MU_NEEDS_REMAP(srb) (((ULONG_PTR)(srb)->DataBuffer & 0x3) != 0)

typedef struct _MU_ADAPTER {
    KSPIN_LOCK RemapLock;
    KSPIN_LOCK CounterLock;
    ULONG Remapped;
    ULONG Built;
} MU_ADAPTER, *PMU_ADAPTER;

ULONG
MuFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PMU_ADAPTER adapter = (PMU_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->RemapLock);
    KeInitializeSpinLock(&adapter->CounterLock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
MuInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
MuBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PMU_ADAPTER adapter = (PMU_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE remap;
    KLOCK_QUEUE_HANDLE counter;

    MU_WITH_LOCK(&adapter->CounterLock, &counter, adapter->Built++);   // ok: QueuedSpinLockRelease
    MU_LOCK_IF(MU_NEEDS_REMAP(Srb), &adapter->RemapLock, &remap);
    adapter->Remapped += MU_NEEDS_REMAP(Srb) ? 1 : 0;
    MU_UNLOCK(&remap);                                                  // expect: QueuedSpinLockRelease
    return TRUE;
}

BOOLEAN
MuStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(MU_ADAPTER);
    init.HwFindAdapter = MuFindAdapter;
    init.HwInitialize = MuInitialize;
    init.HwBuildIo = MuBuildIo;
    init.HwStartIo = MuStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
