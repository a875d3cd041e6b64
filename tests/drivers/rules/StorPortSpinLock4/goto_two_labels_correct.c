// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * The same two-label cleanup, done right. HwStorBuildIo jumps to `Out` for every error
 * found before taking the StartIo lock and to `Unlock` only for errors found while
 * holding it; `Unlock` releases and falls into `Out`. On every path the release runs
 * exactly when the acquire did: no release through an empty handle, nothing held when
 * BuildIo returns (and so nothing still held when StartIo runs on the same SRB). pass
 * for both rules.
 */

#include <storport.h>

#define GC_MAX_TRANSFER 0x20000
#define GC_SLOTS 32

typedef struct _GC_CMD {
    ULONG Slot;
} GC_CMD, *PGC_CMD;

typedef struct _GC_EXT {
    ULONG SlotMask;
    PULONG SlotRegister;
} GC_EXT, *PGC_EXT;

BOOLEAN
GcBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGC_EXT ext = (PGC_EXT)DeviceExtension;
    PGC_CMD cmd = (PGC_CMD)Srb->SrbExtension;
    STOR_LOCK_HANDLE slotHandle;
    ULONG slot;
    BOOLEAN ok = FALSE;

    if (Srb->DataTransferLength > GC_MAX_TRANSFER) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        goto Out;
    }
    if (cmd == NULL) {
        Srb->SrbStatus = SRB_STATUS_INTERNAL_ERROR;
        goto Out;
    }
    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &slotHandle);
    for (slot = 0; slot < GC_SLOTS; slot++) {
        if ((ext->SlotMask & (1u << slot)) == 0) {
            break;
        }
    }
    if (slot == GC_SLOTS) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        goto Unlock;
    }
    ext->SlotMask |= 1u << slot;
    cmd->Slot = slot;
    ok = TRUE;

Unlock:
    StorPortReleaseSpinLock(ext, &slotHandle);  // ok: StorPortSpinLock4, StorPortSpinLock
Out:
    if (!ok) {
        StorPortNotification(RequestComplete, ext, Srb);
    }
    return ok;  // ok: StorPortSpinLock
}

BOOLEAN
GcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGC_EXT ext = (PGC_EXT)DeviceExtension;
    PGC_CMD cmd = (PGC_CMD)Srb->SrbExtension;

    StorPortWriteRegisterUlong(ext, ext->SlotRegister, cmd->Slot);
    return TRUE;
}

ULONG
GcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = GC_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
GcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
GcInterrupt(PVOID DeviceExtension)
{
    PGC_EXT ext = (PGC_EXT)DeviceExtension;

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
    init.DeviceExtensionSize = sizeof(GC_EXT);
    init.SrbExtensionSize = sizeof(GC_CMD);
    init.HwFindAdapter = GcFindAdapter;
    init.HwInitialize = GcInitialize;
    init.HwBuildIo = GcBuildIo;
    init.HwStartIo = GcStartIo;
    init.HwInterrupt = GcInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
