// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=defect
// expect-kind: physical
/*
 * A forbidden call is a fault of its call site: the reset routine logs twice in a row,
 * and both calls are reported (the path goes on after the first).
 */
#include "../_skel_begin.h"
#define SKEL_HAS_RESET_BUS

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    StorPortLogError(ext, NULL, (UCHAR)PathId, 0, 0, SP_BUS_TIME_OUT, 4);  // expect: StorPortDeprecated
    StorPortLogError(ext, NULL, (UCHAR)PathId, 0, 0, SP_BUS_TIME_OUT, 5);  // expect: StorPortDeprecated
    ext->Count = 0;
    return TRUE;
}

#include "../_skel_end.h"
