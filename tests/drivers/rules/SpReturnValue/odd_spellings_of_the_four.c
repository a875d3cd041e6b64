// check-rules: SpReturnValue
// expect-status: SpReturnValue=pass
// expect-kind: physical
/*
 * Near miss: the values are spelt oddly but are all among the four: STATUS_SUCCESS is 0
 * (SP_RETURN_NOT_FOUND), TRUE is 1 (SP_RETURN_FOUND), and the helper's 2 and 3 are
 * SP_RETURN_ERROR and SP_RETURN_BAD_CONFIG.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static ULONG
SkelCheckConfig(PPORT_CONFIGURATION_INFORMATION config)
{
    if (config->NumberOfAccessRanges > 4) {
        return 3;
    }
    if (config->AccessRanges == NULL) {
        return 2;
    }
    return 1;
}

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    ULONG check;

    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (ConfigInfo->NumberOfAccessRanges == 0) {
        return STATUS_SUCCESS;  // ok: SpReturnValue
    }
    check = SkelCheckConfig(ConfigInfo);
    if (check != 1) {
        return check;  // ok: SpReturnValue
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return TRUE;  // ok: SpReturnValue
}

#include "../_skel_end.h"
