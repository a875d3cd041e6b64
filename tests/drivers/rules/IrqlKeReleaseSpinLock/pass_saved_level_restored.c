// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=pass
// expect-kind: physical
/*
 * The near miss of findadapter_hardcoded_new_irql.c: the saved level is restored, in
 * FindAdapter and in the DPC (where the acquire saves DISPATCH_LEVEL and the release at
 * DISPATCH_LEVEL restores it), the saved value kept in a device-extension field.
 */
#include <storport.h>

typedef struct _RS_EXT {
    KSPIN_LOCK Lock;
    KIRQL Old;
    STOR_DPC Dpc;
    ULONG Ready;
} RS_EXT, *PRS_EXT;

VOID
RsDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PRS_EXT ext = (PRS_EXT)DeviceExtension;

    KeAcquireSpinLock(&ext->Lock, &ext->Old);
    ext->Ready++;
    KeReleaseSpinLock(&ext->Lock, ext->Old);                // ok: IrqlKeReleaseSpinLock
}

ULONG
RsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRS_EXT ext = (PRS_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    KeAcquireSpinLock(&ext->Lock, &old);
    ext->Ready = 1;
    KeReleaseSpinLock(&ext->Lock, old);                     // ok: IrqlKeReleaseSpinLock
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RsInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PRS_EXT)DeviceExtension)->Dpc, RsDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(RS_EXT);
    init.HwFindAdapter = RsFindAdapter;
    init.HwInitialize = RsInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
