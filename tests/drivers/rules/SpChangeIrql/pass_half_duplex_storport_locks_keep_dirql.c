// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=pass
// expect-kind: physical
/*
 * Half duplex: HwStorStartIo runs at DIRQL. StorPortAcquireSpinLock never lowers: taking
 * the DPC lock there keeps DIRQL (the lock rules judge whether it may be taken), and the
 * release restores the DIRQL the handle saved, so StartIo returns at its entry level.
 * The interrupt lock, taken and released, the same.
 */
#include <storport.h>

typedef struct _HL_EXT {
    ULONG Count;
} HL_EXT, *PHL_EXT;

BOOLEAN
HlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PHL_EXT ext = (PHL_EXT)DeviceExtension;
    STOR_LOCK_HANDLE dpc, isr;

    StorPortAcquireSpinLock(ext, DpcLock, NULL, &dpc);
    ext->Count++;
    StorPortReleaseSpinLock(ext, &dpc);
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &isr);
    ext->Count++;
    StorPortReleaseSpinLock(ext, &isr);
    return TRUE;                                            // ok: SpChangeIrql
}

ULONG
HlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HlInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(HL_EXT);
    init.HwFindAdapter = HlFindAdapter;
    init.HwInitialize = HlInitialize;
    init.HwStartIo = HlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
