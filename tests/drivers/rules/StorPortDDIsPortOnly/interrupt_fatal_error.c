// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * The interrupt routine flushes everything outstanding on a fatal controller error.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG cause = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);

    if (cause & 0x80000000) {
        StorPortCompleteRequest(ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);  // expect: StorPortDDIsPortOnly
        return TRUE;
    }
    return cause != 0;
}

#include "../_skel_end.h"
