// check-rules: SpReturnValue
// expect-status: SpReturnValue=defect
// expect-kind: physical
/*
 * FindAdapter returns the NTSTATUS of its allocation helper as the ULONG result: on the
 * path where the allocation fails that is STATUS_INSUFFICIENT_RESOURCES, none of the
 * four SP_RETURN_ values.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static NTSTATUS
SkelAllocateQueues(PSKEL_EXT ext)
{
    ULONG status = StorPortAllocatePool(ext, 4096, 'qlkS', &ext->Buffer);

    if (status != STOR_STATUS_SUCCESS) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    status = SkelAllocateQueues(ext);
    if (!NT_SUCCESS(status)) {
        return status;  // expect: SpReturnValue
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
