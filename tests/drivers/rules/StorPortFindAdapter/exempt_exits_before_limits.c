// check-rules: StorPortFindAdapter
// expect-status: StorPortFindAdapter=pass
// expect-kind: physical
/*
 * Near miss: the exits before the limits are set return SP_RETURN_NOT_FOUND and
 * SP_RETURN_BAD_CONFIG, which are exempt.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

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
    if (ConfigInfo->NumberOfAccessRanges == 0) {
        return SP_RETURN_NOT_FOUND;  // ok: StorPortFindAdapter
    }
    if (ConfigInfo->BusInterruptLevel == 0 && ConfigInfo->BusInterruptVector == 0) {
        return SP_RETURN_BAD_CONFIG;  // ok: StorPortFindAdapter
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
