// check-rules: StorPortSpinLock4
// expect-status: StorPortSpinLock4=defect
// expect-kind: physical
/*
 * Two cleanup labels, one error path jumping to the wrong one. HwStorBuildIo builds the
 * controller command: errors found before the lock is taken must `goto Out`, errors
 * found while holding the StartIo lock `goto Unlock` (which releases and falls into
 * Out). The "no SRB extension" check, done before the acquire, jumps to `Unlock` by
 * mistake: on that path the release goes through a handle that holds no lock, reported
 * at the release. The "transfer too large" check jumps to `Out` correctly, and the
 * "no free command slot" check (after the acquire) to `Unlock`, also correctly.
 */

#include <storport.h>

#define GT_MAX_TRANSFER 0x20000
#define GT_SLOTS 32

typedef struct _GT_CMD {
    ULONG Slot;
    ULONG Length;
} GT_CMD, *PGT_CMD;

typedef struct _GT_EXT {
    ULONG SlotMask;
    PULONG SlotRegister;
} GT_EXT, *PGT_EXT;

BOOLEAN
GtBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGT_EXT ext = (PGT_EXT)DeviceExtension;
    PGT_CMD cmd = (PGT_CMD)Srb->SrbExtension;
    STOR_LOCK_HANDLE slotHandle;
    ULONG freeMask;
    BOOLEAN ok = FALSE;

    if (Srb->DataTransferLength > GT_MAX_TRANSFER) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        goto Out;
    }
    if (cmd == NULL) {
        Srb->SrbStatus = SRB_STATUS_INTERNAL_ERROR;
        goto Unlock;
    }
    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &slotHandle);
    freeMask = ~StorPortReadRegisterUlong(ext, ext->SlotRegister) & ~ext->SlotMask;
    if (freeMask == 0) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        goto Unlock;
    }
    cmd->Slot = 0;
    while ((freeMask & (1u << cmd->Slot)) == 0 && cmd->Slot < GT_SLOTS) {
        cmd->Slot++;
    }
    ext->SlotMask |= 1u << cmd->Slot;
    cmd->Length = Srb->DataTransferLength;
    ok = TRUE;

Unlock:
    StorPortReleaseSpinLock(ext, &slotHandle);  // expect: StorPortSpinLock4
Out:
    if (!ok) {
        StorPortNotification(RequestComplete, ext, Srb);
    }
    return ok;
}

BOOLEAN
GtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGT_EXT ext = (PGT_EXT)DeviceExtension;
    PGT_CMD cmd = (PGT_CMD)Srb->SrbExtension;

    StorPortWriteRegisterUlong(ext, ext->SlotRegister, cmd->Slot);
    return TRUE;
}

ULONG
GtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = GT_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
GtInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
GtInterrupt(PVOID DeviceExtension)
{
    PGT_EXT ext = (PGT_EXT)DeviceExtension;

    ext->SlotMask = 0;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(GT_EXT);
    init.SrbExtensionSize = sizeof(GT_CMD);
    init.HwFindAdapter = GtFindAdapter;
    init.HwInitialize = GtInitialize;
    init.HwBuildIo = GtBuildIo;
    init.HwStartIo = GtStartIo;
    init.HwInterrupt = GtInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
