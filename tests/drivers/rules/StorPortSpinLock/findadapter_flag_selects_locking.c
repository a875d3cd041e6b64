// check-rules: StorPortSpinLock, StorPortSpinLock4
// expect-status: StorPortSpinLock=pass, StorPortSpinLock4=pass
// expect-kind: physical
/*
 * Locking chosen by a device-extension flag FindAdapter set. Older controller revisions
 * (the revision register, a value the path does not decide) share the completion FIFO
 * between the interrupt and the DPC; FindAdapter sets DevExt->SharedFifo for them. The
 * completion DPC takes the interrupt lock only under that flag and releases it under
 * the same flag after draining the FIFO through a helper. Nothing else writes the flag
 * between FindAdapter and the DPC, so on every path the acquire and the release either
 * both happen or neither does: no release through an empty handle, nothing held at the
 * exit. On newer revisions the flag keeps the zero of the zero-filled device extension.
 * pass for both rules.
 */

#include <storport.h>

#define REV_SHARED_FIFO_MAX 3

typedef struct _REV_EXT {
    BOOLEAN SharedFifo;
    PULONG RevisionRegister;
    PULONG FifoRegister;
    ULONG Completed;
    STOR_DPC CompletionDpc;
} REV_EXT, *PREV_EXT;

static ULONG
RevDrainFifo(PREV_EXT Ext)
{
    ULONG entry;
    ULONG n = 0;

    while ((entry = StorPortReadRegisterUlong(Ext, Ext->FifoRegister)) != 0xFFFFFFFF) {
        n++;
        if (n == 64) {
            break;
        }
    }
    return n;
}

VOID
RevCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                 PVOID SystemArgument2)
{
    PREV_EXT ext = (PREV_EXT)DeviceExtension;
    STOR_LOCK_HANDLE fifoHandle;
    ULONG n;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    if (ext->SharedFifo) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &fifoHandle);  // ok: StorPortSpinLock
    }
    n = RevDrainFifo(ext);
    if (ext->SharedFifo) {
        StorPortReleaseSpinLock(ext, &fifoHandle);  // ok: StorPortSpinLock, StorPortSpinLock4
    }
    ext->Completed += n;
}  // ok: StorPortSpinLock

ULONG
RevFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PREV_EXT ext = (PREV_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (StorPortReadRegisterUlong(ext, ext->RevisionRegister) <= REV_SHARED_FIFO_MAX) {
        ext->SharedFifo = TRUE;
    }
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->CompletionDpc, RevCompletionDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
RevInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RevStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
RevInterrupt(PVOID DeviceExtension)
{
    PREV_EXT ext = (PREV_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(REV_EXT);
    init.HwFindAdapter = RevFindAdapter;
    init.HwInitialize = RevInitialize;
    init.HwStartIo = RevStartIo;
    init.HwInterrupt = RevInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
