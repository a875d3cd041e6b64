// check-rules: StorPortFindAdapter
// expect-status: StorPortFindAdapter=defect
// expect-kind: physical
/*
 * A defaults helper written for SCSI port puts the breaks back to
 * SP_UNINITIALIZED_VALUE after FindAdapter set them.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static VOID
SkelLegacyDefaults(PPORT_CONFIGURATION_INFORMATION config)
{
    config->NumberOfPhysicalBreaks = SP_UNINITIALIZED_VALUE;
    config->ScatterGather = TRUE;
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
    SkelLegacyDefaults(ConfigInfo);
    return SP_RETURN_FOUND;  // expect: StorPortFindAdapter
}

#include "../_skel_end.h"
