// check-rules: SpDuplex
// expect-status: SpDuplex=pass
// expect-kind: physical
/*
 * Near miss: the exits before the model is set return SP_RETURN_NOT_FOUND and
 * SP_RETURN_ERROR, which are exempt.
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
    if (ConfigInfo->NumberOfAccessRanges == 0) {
        return SP_RETURN_NOT_FOUND;  // ok: SpDuplex
    }
    ext->Registers = (PUCHAR)StorPortGetDeviceBase(ext, ConfigInfo->AdapterInterfaceType,
                                                   ConfigInfo->SystemIoBusNumber,
                                                   (*ConfigInfo->AccessRanges)[0].RangeStart,
                                                   0x1000, FALSE);
    if (ext->Registers == NULL) {
        return SP_RETURN_ERROR;  // ok: SpDuplex
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
