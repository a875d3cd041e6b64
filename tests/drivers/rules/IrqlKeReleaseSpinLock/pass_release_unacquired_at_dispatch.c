// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=pass
// expect-kind: physical
/*
 * A release at DISPATCH_LEVEL of a lock this path did not acquire (the DPC finishes what
 * StartIo began on another processor): the level is right and nothing was saved on the
 * path, so clause 2 does not apply whatever NewIrql is.
 */
#include <storport.h>

typedef struct _UD_EXT {
    KSPIN_LOCK Lock;
    KIRQL Old;
    STOR_DPC Dpc;
} UD_EXT, *PUD_EXT;

VOID
UdDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PUD_EXT ext = (PUD_EXT)DeviceExtension;

    KeReleaseSpinLock(&ext->Lock, ext->Old);                // ok: IrqlKeReleaseSpinLock
}

ULONG
UdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    KeInitializeSpinLock(&((PUD_EXT)DeviceExtension)->Lock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
UdInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PUD_EXT)DeviceExtension)->Dpc, UdDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(UD_EXT);
    init.HwFindAdapter = UdFindAdapter;
    init.HwInitialize = UdInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
