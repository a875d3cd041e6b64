// check-rules: StorPortIrql
// expect-status: StorPortIrql=defect
// expect-kind: physical
/*
 * Raised IRQL through a helper: the DPC takes the interrupt lock (DIRQL) and a helper frees
 * a buffer while it is held. After the release the free would be fine.
 */
#include <storport.h>

typedef struct _Il_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Il_EXT, *PIl_EXT;

static VOID
IlDrop(PIl_EXT Ext)
{
    StorPortFreePool(Ext, Ext->Buffer);                     // expect: StorPortIrql
    Ext->Buffer = NULL;
}

VOID
IlDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PIl_EXT ext = (PIl_EXT)DeviceExtension;
    STOR_LOCK_HANDLE handle;

    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &handle);
    if (ext->Buffer != NULL) {
        IlDrop(ext);
    }
    StorPortReleaseSpinLock(ext, &handle);
}

ULONG
IlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PIl_EXT ext = (PIl_EXT)DeviceExtension;
    StorPortAllocatePool(ext, 4096, 'pxeS', &ext->Buffer);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
IlInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PIl_EXT)DeviceExtension)->Dpc, IlDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Il_EXT);
    init.HwFindAdapter = IlFindAdapter;
    init.HwInitialize = IlInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
