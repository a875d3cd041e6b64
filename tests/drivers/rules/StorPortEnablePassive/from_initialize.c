// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=pass
// expect-kind: physical
/*
 * Near miss: the request is made from HwStorInitialize itself.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

VOID
SkelPassive(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);  // ok: StorPortEnablePassive
}

#include "../_skel_end.h"
