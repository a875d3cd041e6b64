// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=not_applicable
// expect-kind: physical
/*
 * The deprecated call is in a helper no entry point reaches (left over from the SCSI port
 * version of the driver).
 */
#include "../_skel_begin.h"

BOOLEAN
SkelLegacyProbe(PVOID DeviceExtension, PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    return StorPortValidateRange(DeviceExtension, ConfigInfo->AdapterInterfaceType,
                                 ConfigInfo->SystemIoBusNumber,
                                 (*ConfigInfo->AccessRanges)[0].RangeStart,
                                 (*ConfigInfo->AccessRanges)[0].RangeLength, TRUE);
}

#include "../_skel_end.h"
