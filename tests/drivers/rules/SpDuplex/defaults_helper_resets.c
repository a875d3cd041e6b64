// check-rules: SpDuplex
// expect-status: SpDuplex=defect
// expect-kind: physical
/*
 * FindAdapter sets full duplex, then a defaults helper called after it writes the whole
 * model back to half duplex.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static VOID
SkelDefaults(PPORT_CONFIGURATION_INFORMATION config)
{
    config->MaximumTransferLength = 0x20000;
    config->NumberOfPhysicalBreaks = 33;
    config->SynchronizationModel = StorSynchronizeHalfDuplex;
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
    SkelDefaults(ConfigInfo);
    return SP_RETURN_FOUND;  // expect: SpDuplex
}

#include "../_skel_end.h"
