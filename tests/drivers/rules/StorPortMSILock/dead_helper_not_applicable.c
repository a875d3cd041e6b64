// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=not_applicable
// expect-kind: physical
/*
 * The only StorPortAcquireMSISpinLock is in a static helper left over from an MSI
 * experiment that no function calls any more (its caller was removed). No entry point
 * reaches it, so the rule does not apply. Everything else uses the interrupt lock.
 */

#include <storport.h>

typedef struct _ATA_EXT {
    ULONG ActiveSlots;
    ULONG MessageCount;
} ATA_EXT, *PATA_EXT;

static VOID
AtaLockPerMessage(PATA_EXT Ext, ULONG MessageId, PULONG OldIrql)
{
    StorPortAcquireMSISpinLock(Ext, MessageId, OldIrql);  // ok: StorPortMSILock
}

ULONG
AtaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PATA_EXT ext = (PATA_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->MessageCount = 1;
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
AtaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
AtaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PATA_EXT ext = (PATA_EXT)DeviceExtension;
    STOR_LOCK_HANDLE lockHandle;

    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &lockHandle);
    ext->ActiveSlots |= 1u << (Srb->QueueTag % 32);
    StorPortReleaseSpinLock(ext, &lockHandle);
    return TRUE;
}

BOOLEAN
AtaInterrupt(PVOID DeviceExtension)
{
    PATA_EXT ext = (PATA_EXT)DeviceExtension;

    ext->ActiveSlots = 0;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(ATA_EXT);
    init.HwFindAdapter = AtaFindAdapter;
    init.HwInitialize = AtaInitialize;
    init.HwStartIo = AtaStartIo;
    init.HwInterrupt = AtaInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
