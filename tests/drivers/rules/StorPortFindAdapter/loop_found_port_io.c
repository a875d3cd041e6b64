// check-rules: StorPortFindAdapter
// expect-status: StorPortFindAdapter=defect
// expect-kind: physical
/*
 * Found through a status variable set in a loop over the access ranges; the limits are
 * set only for a memory range, so a port-I/O adapter is found without them.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    ULONG i;
    ULONG status = SP_RETURN_NOT_FOUND;

    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    for (i = 0; i < ConfigInfo->NumberOfAccessRanges; i++) {
        status = SP_RETURN_FOUND;
        if ((*ConfigInfo->AccessRanges)[i].RangeInMemory) {
            ConfigInfo->MaximumTransferLength = 0x20000;
            ConfigInfo->NumberOfPhysicalBreaks = 33;
        }
    }
    return status;  // expect: StorPortFindAdapter
}

#include "../_skel_end.h"
