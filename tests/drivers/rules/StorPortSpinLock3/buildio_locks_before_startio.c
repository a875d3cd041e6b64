// check-rules: StorPortSpinLock3, StorPortSpinLock
// expect-status: StorPortSpinLock3=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * HwStorBuildIo takes locks, HwStorStartIo does not re-take Storport's. BuildIo runs
 * with no Storport lock held and may take all three kinds: it reserves a slot in the
 * shared slot table under the StartIo lock and, nested inside it, reads the
 * controller's free-credit counter under the interrupt lock (StartIo, then Interrupt),
 * releasing both before it returns. Storport then calls HwStorStartIo on the same SRB
 * (only where BuildIo returned TRUE) holding the StartIo lock; StartIo takes only the
 * interrupt lock to ring the doorbell. Nothing BuildIo took is still held when StartIo
 * runs, and StartIo never takes the StartIo lock: pass for both rules.
 */

#include <storport.h>

#define BIO_SLOTS 32

typedef struct _BIO_SRB_EXT {
    ULONG Slot;
} BIO_SRB_EXT, *PBIO_SRB_EXT;

typedef struct _BIO_EXT {
    ULONG SlotMask;
    ULONG Credits;
    PULONG CreditRegister;
    PULONG Doorbell;
} BIO_EXT, *PBIO_EXT;

static BOOLEAN
BioReserveSlot(PBIO_EXT Ext, PBIO_SRB_EXT SrbExt)
{
    STOR_LOCK_HANDLE slotHandle;
    STOR_LOCK_HANDLE intHandle;
    ULONG slot;
    BOOLEAN ok = FALSE;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &slotHandle);  // ok: StorPortSpinLock3 -- BuildIo: Storport holds no lock
    for (slot = 0; slot < BIO_SLOTS; slot++) {
        if ((Ext->SlotMask & (1u << slot)) == 0) {
            break;
        }
    }
    if (slot < BIO_SLOTS) {
        StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
        Ext->Credits = StorPortReadRegisterUlong(Ext, Ext->CreditRegister);
        StorPortReleaseSpinLock(Ext, &intHandle);
        if (Ext->Credits != 0) {
            Ext->SlotMask |= 1u << slot;
            SrbExt->Slot = slot;
            ok = TRUE;
        }
    }
    StorPortReleaseSpinLock(Ext, &slotHandle);
    return ok;
}

BOOLEAN
BioBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PBIO_EXT ext = (PBIO_EXT)DeviceExtension;
    PBIO_SRB_EXT srbExt = (PBIO_SRB_EXT)Srb->SrbExtension;

    if (!BioReserveSlot(ext, srbExt)) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
        return FALSE;
    }
    return TRUE;
}

BOOLEAN
BioStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PBIO_EXT ext = (PBIO_EXT)DeviceExtension;
    PBIO_SRB_EXT srbExt = (PBIO_SRB_EXT)Srb->SrbExtension;
    STOR_LOCK_HANDLE intHandle;

    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3 -- Interrupt after Storport's StartIo lock
    StorPortWriteRegisterUlong(ext, ext->Doorbell, srbExt->Slot);
    StorPortReleaseSpinLock(ext, &intHandle);
    return TRUE;
}

ULONG
BioFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
BioInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
BioInterrupt(PVOID DeviceExtension)
{
    PBIO_EXT ext = (PBIO_EXT)DeviceExtension;

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
    init.DeviceExtensionSize = sizeof(BIO_EXT);
    init.SrbExtensionSize = sizeof(BIO_SRB_EXT);
    init.HwFindAdapter = BioFindAdapter;
    init.HwInitialize = BioInitialize;
    init.HwBuildIo = BioBuildIo;
    init.HwStartIo = BioStartIo;
    init.HwInterrupt = BioInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
