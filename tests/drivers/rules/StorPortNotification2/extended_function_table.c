// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=defect
// expect-kind: physical
/*
 * FindAdapter asks for the extended function table, a type Storport does not document
 * for miniports.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PVOID table = NULL;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    StorPortNotification(GetExtendedFunctionTable, DeviceExtension, &table);  // expect: StorPortNotification2
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
