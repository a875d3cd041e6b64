// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=not_applicable
// expect-kind: physical
/*
 * The driver uses only Storport's locks: no KeReleaseSpinLock anywhere.
 */
#include <storport.h>

typedef struct _SO_EXT {
    ULONG Count;
} SO_EXT, *PSO_EXT;

ULONG
SoFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    STOR_LOCK_HANDLE handle;

    StorPortAcquireSpinLock(DeviceExtension, DpcLock, NULL, &handle);
    ((PSO_EXT)DeviceExtension)->Count = 0;
    StorPortReleaseSpinLock(DeviceExtension, &handle);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SoInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(SO_EXT);
    init.HwFindAdapter = SoFindAdapter;
    init.HwInitialize = SoInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
