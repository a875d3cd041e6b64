// check-rules: StorPortFindAdapter
// expect-status: StorPortFindAdapter=pass
// expect-kind: physical
/*
 * Near miss: both limits are set in a helper through a copy of the pointer, the breaks
 * derived from the length.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static VOID
SkelSetLimits(PPORT_CONFIGURATION_INFORMATION config, ULONG maxTransfer)
{
    PPORT_CONFIGURATION_INFORMATION c = config;

    c->MaximumTransferLength = maxTransfer;
    c->NumberOfPhysicalBreaks = maxTransfer / 0x1000 + 1;
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
    SkelSetLimits(ConfigInfo, 0x100000);
    return SP_RETURN_FOUND;  // ok: StorPortFindAdapter
}

#include "../_skel_end.h"
