// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=defect
// expect-kind: physical
/*
 * A path stops at its first violation: the reset routine logs twice in a row; only the
 * first call is reported (the second is on no path the first did not end).
 */
#include "../_skel_begin.h"
#define SKEL_HAS_RESET_BUS

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    StorPortLogError(ext, NULL, (UCHAR)PathId, 0, 0, SP_BUS_TIME_OUT, 4);  // expect: StorPortDeprecated
    StorPortLogError(ext, NULL, (UCHAR)PathId, 0, 0, SP_BUS_TIME_OUT, 5);  // ok: StorPortDeprecated
    ext->Count = 0;
    return TRUE;
}

#include "../_skel_end.h"
