// check-rules: SpDuplex
// expect-status: SpDuplex=pass
// expect-kind: physical
/*
 * Near miss: a helper two levels down sets full duplex through a copy of the ConfigInfo
 * pointer.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static VOID
SkelSetModel(PPORT_CONFIGURATION_INFORMATION config)
{
    PPORT_CONFIGURATION_INFORMATION c = config;

    c->SynchronizationModel = StorSynchronizeFullDuplex;
}

static VOID
SkelFillConfig(PPORT_CONFIGURATION_INFORMATION config)
{
    config->MaximumTransferLength = 0x20000;
    config->NumberOfPhysicalBreaks = 33;
    SkelSetModel(config);
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
    SkelFillConfig(ConfigInfo);
    return SP_RETURN_FOUND;  // ok: SpDuplex
}

#include "../_skel_end.h"
