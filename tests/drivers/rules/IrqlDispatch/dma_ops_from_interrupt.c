// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=defect
// expect-kind: physical
/*
 * DMA_OPERATIONS members called through the adapter object's function-pointer fields.
 * The interrupt routine (DIRQL) frees the scatter/gather list through
 * Dma->DmaOperations->PutScatterGatherList: a violation at the call. The DPC builds the
 * next list with GetScatterGatherList at DISPATCH_LEVEL, which is right.
 */
#include <storport.h>

typedef struct _DM_EXT {
    PDMA_ADAPTER Dma;
    PDEVICE_OBJECT Device;
    PMDL Mdl;
    PSCATTER_GATHER_LIST SgList;
    STOR_DPC Dpc;
} DM_EXT, *PDM_EXT;

VOID
DmListReady(PDEVICE_OBJECT Device, PIRP Irp, PSCATTER_GATHER_LIST List, PVOID Context)
{
    ((PDM_EXT)Context)->SgList = List;
}

VOID
DmDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PDM_EXT ext = (PDM_EXT)DeviceExtension;

    ext->Dma->DmaOperations->GetScatterGatherList(ext->Dma, ext->Device, ext->Mdl,  // ok: IrqlDispatch
                                                  NULL, 4096, DmListReady, ext, TRUE);
}

BOOLEAN
DmInterrupt(PVOID DeviceExtension)
{
    PDM_EXT ext = (PDM_EXT)DeviceExtension;

    ext->Dma->DmaOperations->PutScatterGatherList(ext->Dma, ext->SgList, TRUE);  // expect: IrqlDispatch
    ext->SgList = NULL;
    StorPortIssueDpc(ext, &ext->Dpc, NULL, NULL);
    return TRUE;
}

ULONG
DmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DmInitialize(PVOID DeviceExtension)
{
    PDM_EXT ext = (PDM_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, DmDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(DM_EXT);
    init.HwFindAdapter = DmFindAdapter;
    init.HwInitialize = DmInitialize;
    init.HwInterrupt = DmInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
