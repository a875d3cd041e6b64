// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=defect, StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * A FindAdapter error exit calls it: a violation also on a path the harness then stops.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (ConfigInfo->NumberOfAccessRanges == 0) {
        StorPortCompleteRequest(DeviceExtension, 0, 0, 0, SRB_STATUS_NO_HBA);  // expect: StorPortCompleteRequest, StorPortDDIsPortOnly
        return SP_RETURN_ERROR;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
