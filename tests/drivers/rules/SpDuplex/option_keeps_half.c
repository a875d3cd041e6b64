// check-rules: SpDuplex
// expect-status: SpDuplex=defect
// expect-kind: physical
/*
 * Path-sensitive: full duplex only when the argument string does not say "legacy"; the
 * legacy path returns SP_RETURN_FOUND in half duplex.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static BOOLEAN
SkelWantsLegacy(PCHAR arguments)
{
    if (arguments == NULL) {
        return FALSE;
    }
    return arguments[0] == 'L';
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
    if (!SkelWantsLegacy(ArgumentString)) {
        ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    }
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;  // expect: SpDuplex
}

#include "../_skel_end.h"
