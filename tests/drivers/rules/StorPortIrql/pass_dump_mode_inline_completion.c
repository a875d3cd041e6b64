// check-rules: StorPortIrql
// expect-status: StorPortIrql=pass
// expect-kind: physical
/*
 * In crash-dump mode (ConfigInfo->DumpMode) the miniport completes requests inline, calling
 * its DPC routine from HwStorInitialize at DIRQL, and that routine frees a buffer: the
 * dump port driver serves StorPortFreePool there, so it is not checked. Outside dump mode
 * the DPC is queued and runs at DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _Dm_EXT {
    PVOID Buffer;
    ULONG DumpMode;
} Dm_EXT, *PDm_EXT;

static VOID
DmCompletion(PDm_EXT Ext)
{
    if (Ext->Buffer != NULL) {
        StorPortFreePool(Ext, Ext->Buffer);                 // ok: StorPortIrql
        Ext->Buffer = NULL;
    }
}

ULONG
DmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDm_EXT ext = (PDm_EXT)DeviceExtension;
    ext->DumpMode = ConfigInfo->DumpMode;
    StorPortAllocatePool(ext, 512, 'pmuD', &ext->Buffer);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DmInitialize(PVOID DeviceExtension)
{
    if (((PDm_EXT)DeviceExtension)->DumpMode) {
        DmCompletion((PDm_EXT)DeviceExtension);
    }
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Dm_EXT);
    init.HwFindAdapter = DmFindAdapter;
    init.HwInitialize = DmInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
