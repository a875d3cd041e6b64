// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=defect
// expect-kind: physical
/*
 * Across callbacks: HwStorInitialize frees a scratch buffer FindAdapter allocated but
 * leaves the pointer; ScsiStopAdapter frees it again later on the same path.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER
#define SKEL_OWN_INITIALIZE

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (StorPortAllocatePool(ext, 4096, 'lkS3', &ext->Spare) != STOR_STATUS_SUCCESS) {
        return SP_RETURN_ERROR;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    StorPortFreePool(ext, ext->Spare);
    ext->Ready = TRUE;
    return TRUE;
}

#define SKEL_HAS_ADAPTER_CONTROL

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter && ext->Spare != NULL) {
        StorPortFreePool(ext, ext->Spare);  // expect: StorPortAllocatePool
        ext->Spare = NULL;
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
