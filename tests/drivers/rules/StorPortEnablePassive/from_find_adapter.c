// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=defect
// expect-kind: physical
/*
 * FindAdapter makes the request (too early: HwStorInitialize has not run yet).
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

VOID
SkelPassive(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);  // expect: StorPortEnablePassive
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
