// check-rules: SpReturnValue
// expect-status: SpReturnValue=defect
// expect-kind: physical
/*
 * A helper returns (ULONG)-1 for a malformed argument string and FindAdapter passes it
 * on; the exit is the violation (the helper's return is not an exit of FindAdapter).
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static ULONG
SkelParseArguments(PCHAR arguments, PSKEL_EXT ext)
{
    if (arguments != NULL && arguments[0] == '?') {
        return (ULONG)-1;
    }
    ext->Flags = 1;
    return SP_RETURN_FOUND;
}

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    ULONG result;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    result = SkelParseArguments(ArgumentString, (PSKEL_EXT)DeviceExtension);
    return result;  // expect: SpReturnValue
}

#include "../_skel_end.h"
