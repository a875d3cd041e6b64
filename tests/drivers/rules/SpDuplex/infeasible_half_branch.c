// check-rules: SpDuplex
// expect-status: SpDuplex=pass
// expect-kind: physical
/*
 * Near miss: the helper that would select half duplex is only called with a mode that
 * skips that branch.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

#define SKEL_MODE_FAST 1
#define SKEL_MODE_COMPAT 2

static VOID
SkelApplyMode(PPORT_CONFIGURATION_INFORMATION config, ULONG mode)
{
    if (mode == SKEL_MODE_COMPAT) {
        config->SynchronizationModel = StorSynchronizeHalfDuplex;
    } else {
        config->SynchronizationModel = StorSynchronizeFullDuplex;
    }
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
    ConfigInfo->SynchronizationModel = StorSynchronizeHalfDuplex;
    SkelApplyMode(ConfigInfo, SKEL_MODE_FAST);
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;  // ok: SpDuplex
}

#include "../_skel_end.h"
