// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=defect
// expect-kind: physical
/*
 * FindAdapter validates its access range with the deprecated StorPortValidateRange.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PACCESS_RANGE range = &((*(ConfigInfo->AccessRanges))[0]);

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (!StorPortValidateRange(DeviceExtension, ConfigInfo->AdapterInterfaceType,  // expect: StorPortDeprecated
                               ConfigInfo->SystemIoBusNumber, range->RangeStart,
                               range->RangeLength, range->RangeInMemory)) {
        return SP_RETURN_NOT_FOUND;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
