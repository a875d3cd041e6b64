// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=defect
// expect-kind: physical
/*
 * Two callbacks each log once: two paths, two distinct locations, both reported.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT
#define SKEL_HAS_RESET_BUS

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    StorPortLogError(DeviceExtension, NULL, 0, 0, 0, SP_IRQ_NOT_RESPONDING, 6);  // expect: StorPortDeprecated
    return TRUE;
}

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(PathId);
    StorPortLogError(DeviceExtension, NULL, 0, 0, 0, SP_BUS_TIME_OUT, 7);  // expect: StorPortDeprecated
    return TRUE;
}

#include "../_skel_end.h"
