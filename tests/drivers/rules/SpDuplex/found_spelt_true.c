// check-rules: SpDuplex
// expect-status: SpDuplex=defect
// expect-kind: physical
/*
 * The found exit is spelt through a status variable holding TRUE (1, SP_RETURN_FOUND);
 * the early exit through the same variable holds SP_RETURN_NOT_FOUND and is exempt.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    ULONG status = SP_RETURN_NOT_FOUND;

    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (ConfigInfo->NumberOfAccessRanges != 0) {
        ConfigInfo->MaximumTransferLength = 0x20000;
        ConfigInfo->NumberOfPhysicalBreaks = 33;
        status = TRUE;
    }
    return status;  // expect: SpDuplex
}

#include "../_skel_end.h"
