// check-rules: StorPortSpinLock, StorPortSpinLock4
// expect-status: StorPortSpinLock=pass, StorPortSpinLock4=pass
// expect-kind: physical
/*
 * A loop that takes and releases the lock on every iteration, with early exits from the
 * iteration. The completion DPC walks the completion ring (DMA memory the controller
 * writes, from StorPortGetUncachedExtension: its contents are unknown); for each entry
 * it takes the interrupt lock (the same STOR_LOCK_HANDLE each time), reads the entry,
 * and releases the lock before every `continue` (empty slot) and before the `break`
 * (phase bit mismatch: end of the new entries), as well as at the end of the iteration
 * body. The acquire of the next iteration only happens after this iteration's release,
 * so nothing is re-acquired; no release goes through an empty handle; nothing is held
 * when the DPC returns. pass for both rules.
 */

#include <storport.h>

#define RING_SIZE 64

typedef struct _RING_ENTRY {
    USHORT Tag;
    USHORT Phase;
} RING_ENTRY, *PRING_ENTRY;

typedef struct _RNG_EXT {
    PRING_ENTRY Ring;
    ULONG Head;
    USHORT Phase;
    ULONG Completed;
    STOR_DPC CompletionDpc;
} RNG_EXT, *PRNG_EXT;

VOID
RngCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                 PVOID SystemArgument2)
{
    PRNG_EXT ext = (PRNG_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;
    ULONG n;
    USHORT tag;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    for (n = 0; n < RING_SIZE; n++) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock
        if (ext->Ring[ext->Head].Phase != ext->Phase) {
            StorPortReleaseSpinLock(ext, &intHandle);  // ok: StorPortSpinLock, StorPortSpinLock4
            break;
        }
        tag = ext->Ring[ext->Head].Tag;
        ext->Head = (ext->Head + 1) % RING_SIZE;
        if (tag == 0xFFFF) {
            StorPortReleaseSpinLock(ext, &intHandle);  // ok: StorPortSpinLock, StorPortSpinLock4
            continue;
        }
        ext->Completed++;
        StorPortReleaseSpinLock(ext, &intHandle);  // ok: StorPortSpinLock, StorPortSpinLock4
    }
}  // ok: StorPortSpinLock

ULONG
RngFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PRNG_EXT ext = (PRNG_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Phase = 1;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    ext->Ring = (PRING_ENTRY)StorPortGetUncachedExtension(ext, ConfigInfo,
                                                          RING_SIZE * sizeof(RING_ENTRY));
    if (ext->Ring == NULL) {
        return SP_RETURN_ERROR;
    }
    StorPortInitializeDpc(ext, &ext->CompletionDpc, RngCompletionDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
RngInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RngStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
RngInterrupt(PVOID DeviceExtension)
{
    PRNG_EXT ext = (PRNG_EXT)DeviceExtension;

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
    init.DeviceExtensionSize = sizeof(RNG_EXT);
    init.HwFindAdapter = RngFindAdapter;
    init.HwInitialize = RngInitialize;
    init.HwStartIo = RngStartIo;
    init.HwInterrupt = RngInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
