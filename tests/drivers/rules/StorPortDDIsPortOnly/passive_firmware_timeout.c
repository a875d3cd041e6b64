// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * The passive initialization routine gives up when the firmware does not come up.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

VOID
SkelPassive(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) != 0x600D) {
        StorPortCompleteRequest(ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);  // expect: StorPortDDIsPortOnly
    }
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);
}

#include "../_skel_end.h"
