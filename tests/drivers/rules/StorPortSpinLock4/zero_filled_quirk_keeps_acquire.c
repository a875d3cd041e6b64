// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * A near miss on the zero-filled device extension. The completion DPC skips the
 * interrupt lock when DevExt->Quirks has QUIRK_LOCKLESS_CQ ("this board's completion
 * queue is lock-free") but releases unconditionally -- a latent bug, since a quirk
 * table entry would break it. No routine on any path ever sets Quirks (the quirk table
 * lookup was never written), so it reads 0 and the acquire always runs: on every
 * feasible path the release goes through a handle that holds the lock, and nothing is
 * held at the DPC's exit. pass for both rules.
 */

#include <storport.h>

#define QUIRK_LOCKLESS_CQ 0x4

typedef struct _QRK_EXT {
    ULONG Quirks;
    ULONG CqHead;
    PULONG CqHeadDoorbell;
    STOR_DPC CompletionDpc;
} QRK_EXT, *PQRK_EXT;

VOID
QrkCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                 PVOID SystemArgument2)
{
    PQRK_EXT ext = (PQRK_EXT)DeviceExtension;
    STOR_LOCK_HANDLE cqHandle;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    if ((ext->Quirks & QUIRK_LOCKLESS_CQ) == 0) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &cqHandle);
    }
    ext->CqHead = (ext->CqHead + 1) % 256;
    StorPortWriteRegisterUlong(ext, ext->CqHeadDoorbell, ext->CqHead);
    StorPortReleaseSpinLock(ext, &cqHandle);  // ok: StorPortSpinLock4, StorPortSpinLock -- Quirks is never written: 0
}

ULONG
QrkFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PQRK_EXT ext = (PQRK_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->CqHead = 0;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->CompletionDpc, QrkCompletionDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
QrkInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
QrkStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
QrkInterrupt(PVOID DeviceExtension)
{
    PQRK_EXT ext = (PQRK_EXT)DeviceExtension;

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
    init.DeviceExtensionSize = sizeof(QRK_EXT);
    init.HwFindAdapter = QrkFindAdapter;
    init.HwInitialize = QrkInitialize;
    init.HwStartIo = QrkStartIo;
    init.HwInterrupt = QrkInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
