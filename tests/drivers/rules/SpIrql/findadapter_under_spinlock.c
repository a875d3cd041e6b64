// check-rules: SpIrql
// expect-status: SpIrql=defect
// expect-kind: physical
/*
 * FindAdapter registers while holding a spin lock: KeAcquireSpinLock raised the IRQL to
 * DISPATCH_LEVEL. The registration after the release would be fine.
 */
#include <storport.h>

typedef struct _Fs_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Fs_EXT, *PFs_EXT;

ULONG
FsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFs_EXT ext = (PFs_EXT)DeviceExtension;
    KIRQL old;

    KeInitializeSpinLock(&ext->Lock);
    KeAcquireSpinLock(&ext->Lock, &old);
    TdiRegisterPnPHandlers(&ext->Info, sizeof(ext->Info), &ext->Binding);   // expect: SpIrql
    KeReleaseSpinLock(&ext->Lock, old);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FsInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Fs_EXT);
    init.HwFindAdapter = FsFindAdapter;
    init.HwInitialize = FsInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
