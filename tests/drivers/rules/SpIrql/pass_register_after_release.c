// check-rules: SpIrql
// expect-status: SpIrql=pass
// expect-kind: physical
/*
 * The near miss of findadapter_under_spinlock.c: the lock is released first, the level is
 * PASSIVE_LEVEL again when the driver registers.
 */
#include <storport.h>

typedef struct _Pr_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Pr_EXT, *PPr_EXT;

ULONG
PrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPr_EXT ext = (PPr_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    KeAcquireSpinLock(&ext->Lock, &old);
    ext->Binding = NULL;
    KeReleaseSpinLock(&ext->Lock, old);
    TdiRegisterPnPHandlers(&ext->Info, sizeof(ext->Info), &ext->Binding);   // ok: SpIrql
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PrInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Pr_EXT);
    init.HwFindAdapter = PrFindAdapter;
    init.HwInitialize = PrInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
