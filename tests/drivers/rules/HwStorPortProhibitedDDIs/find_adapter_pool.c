// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=defect
// expect-kind: physical
/*
 * FindAdapter allocates its command ring from pool instead of StorPortAllocatePool or
 * the uncached extension.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, 8192, 'gniR');  // expect: HwStorPortProhibitedDDIs
    if (ext->Buffer == NULL) {
        return SP_RETURN_ERROR;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
