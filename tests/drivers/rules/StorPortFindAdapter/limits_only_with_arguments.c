// check-rules: StorPortFindAdapter
// expect-status: StorPortFindAdapter=defect
// expect-kind: physical
/*
 * Path-sensitive: the limits are only set when the argument string is given; without
 * one FindAdapter still returns SP_RETURN_FOUND.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static ULONG
SkelParseMaxTransfer(PCHAR arguments)
{
    return arguments[0] == 'B' ? 0x100000 : 0x20000;
}

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    if (ArgumentString != NULL) {
        ConfigInfo->MaximumTransferLength = SkelParseMaxTransfer(ArgumentString);
        ConfigInfo->NumberOfPhysicalBreaks = 33;
    }
    return SP_RETURN_FOUND;  // expect: StorPortFindAdapter
}

#include "../_skel_end.h"
