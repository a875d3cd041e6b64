// check-rules: StorPortFindAdapter
// expect-status: StorPortFindAdapter=pass
// expect-kind: physical
/*
 * Near miss: a helper that would put the length back to SP_UNINITIALIZED_VALUE ("let
 * Storport choose") is only called with a flag that skips that branch.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static VOID
SkelLimits(PPORT_CONFIGURATION_INFORMATION config, BOOLEAN storportChooses)
{
    if (storportChooses) {
        config->MaximumTransferLength = SP_UNINITIALIZED_VALUE;
    } else {
        config->MaximumTransferLength = 0x20000;
    }
    config->NumberOfPhysicalBreaks = 33;
}

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
    SkelLimits(ConfigInfo, FALSE);
    return SP_RETURN_FOUND;  // ok: StorPortFindAdapter
}

#include "../_skel_end.h"
