// check-rules: SpReturnValue
// expect-status: SpReturnValue=pass
// expect-kind: physical
/*
 * Near miss: the result comes from a routine with no body and no model; the analysis
 * cannot determine it, which is not a violation.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

ULONG SkelPlatformProbe(PPORT_CONFIGURATION_INFORMATION ConfigInfo);

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SkelPlatformProbe(ConfigInfo);  // ok: SpReturnValue
}

#include "../_skel_end.h"
