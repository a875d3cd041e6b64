// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=pass
// expect-kind: physical
/*
 * The KeGetCurrentIrql correlation: a helper called from FindAdapter and from the DPC
 * remembers the level before the acquire with KeGetCurrentIrql() and restores that --
 * which is exactly what KeAcquireSpinLock saved, on both paths.
 */
#include <storport.h>

typedef struct _CG_EXT {
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    ULONG Count;
} CG_EXT, *PCG_EXT;

static VOID
CgTouch(PCG_EXT Ext)
{
    KIRQL before = KeGetCurrentIrql();
    KIRQL ignored;

    KeAcquireSpinLock(&Ext->Lock, &ignored);
    Ext->Count++;
    KeReleaseSpinLock(&Ext->Lock, before);                  // ok: IrqlKeReleaseSpinLock
}

VOID
CgDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    CgTouch((PCG_EXT)DeviceExtension);
}

ULONG
CgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCG_EXT ext = (PCG_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->Lock);
    CgTouch(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CgInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PCG_EXT)DeviceExtension)->Dpc, CgDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(CG_EXT);
    init.HwFindAdapter = CgFindAdapter;
    init.HwInitialize = CgInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
