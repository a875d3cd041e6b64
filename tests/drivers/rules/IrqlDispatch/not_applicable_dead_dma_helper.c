// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=not_applicable
// expect-kind: physical
/*
 * The only DISPATCH_LEVEL-only routine, a scatter/gather release through the DMA
 * operations, is in a helper no entry point reaches: not applicable (not a pass).
 */
#include <storport.h>

typedef struct _NA_EXT {
    PDMA_ADAPTER Dma;
    PSCATTER_GATHER_LIST List;
} NA_EXT, *PNA_EXT;

static VOID
NaUnusedRelease(PNA_EXT Ext)
{
    Ext->Dma->DmaOperations->PutScatterGatherList(Ext->Dma, Ext->List, FALSE);
}

ULONG
NaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NaInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(NA_EXT);
    init.HwFindAdapter = NaFindAdapter;
    init.HwInitialize = NaInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
