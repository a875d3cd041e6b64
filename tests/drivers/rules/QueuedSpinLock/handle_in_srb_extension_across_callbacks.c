// check-rules: QueuedSpinLock, QueuedSpinLockRelease
// expect-status: QueuedSpinLock=defect, QueuedSpinLockRelease=pass
// expect-kind: physical
/*
 * The KLOCK_QUEUE_HANDLE lives in a struct in the SRB extension, so the driver thinks it
 * can take the per-adapter slot lock in HwStorBuildIo and drop it in HwStorStartIo
 * ("the SRB carries its lock"). A queued spin lock may not outlive the callback that
 * took it: HwStorBuildIo returns while the handle in the SRB extension still holds the
 * slot lock (QueuedSpinLock, at BuildIo's `return TRUE`).
 *
 * QueuedSpinLockRelease is clean: on the BuildIo-then-StartIo path (same SRB) the
 * handle StartIo releases is the one BuildIo acquired through, and it does hold the
 * lock; BuildIo's early `return FALSE` path never reaches StartIo.
 *
 * Storport keeps the SRB from BuildIo to StartIo, so the handle BuildIo left in its
 * extension is still the one StartIo releases through.
 */

#include <storport.h>

typedef struct _SX_SRB_CONTEXT {
    KLOCK_QUEUE_HANDLE SlotHandle;
    ULONG Slot;
    ULONG Flags;
} SX_SRB_CONTEXT, *PSX_SRB_CONTEXT;

typedef struct _SX_ADAPTER {
    KSPIN_LOCK SlotLock;
    ULONG NextSlot;
    ULONG SlotCount;
    PULONG SlotRegisters;
} SX_ADAPTER, *PSX_ADAPTER;

ULONG
SxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSX_ADAPTER adapter = (PSX_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->SlotLock);
    adapter->SlotCount = 32;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SxBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSX_ADAPTER adapter = (PSX_ADAPTER)DeviceExtension;
    PSX_SRB_CONTEXT context = (PSX_SRB_CONTEXT)Srb->SrbExtension;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return FALSE;
    }
    KeAcquireInStackQueuedSpinLock(&adapter->SlotLock, &context->SlotHandle);
    context->Slot = adapter->NextSlot;
    adapter->NextSlot = (adapter->NextSlot + 1) % adapter->SlotCount;
    context->Flags = 1;
    return TRUE;                                                    // expect: QueuedSpinLock
}

BOOLEAN
SxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSX_ADAPTER adapter = (PSX_ADAPTER)DeviceExtension;
    PSX_SRB_CONTEXT context = (PSX_SRB_CONTEXT)Srb->SrbExtension;

    StorPortWriteRegisterUlong(adapter, adapter->SlotRegisters + context->Slot,
                               Srb->DataTransferLength);
    KeReleaseInStackQueuedSpinLock(&context->SlotHandle);   // ok: QueuedSpinLockRelease -- same SRB, the handle holds SlotLock
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SX_ADAPTER);
    init.SrbExtensionSize = sizeof(SX_SRB_CONTEXT);
    init.HwFindAdapter = SxFindAdapter;
    init.HwInitialize = SxInitialize;
    init.HwBuildIo = SxBuildIo;
    init.HwStartIo = SxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
