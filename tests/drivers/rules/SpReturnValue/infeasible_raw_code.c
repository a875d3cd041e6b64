// check-rules: SpReturnValue
// expect-status: SpReturnValue=pass
// expect-kind: physical
/*
 * Near miss: the branch returning a raw hardware code is infeasible -- the helper is
 * only called with a revision it accepts.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static ULONG
SkelRevisionStatus(ULONG revision)
{
    if (revision < 2) {
        return 0x8000 | revision;
    }
    return SP_RETURN_FOUND;
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
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SkelRevisionStatus(3);  // ok: SpReturnValue
}

#include "../_skel_end.h"
