// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=pass
// expect-kind: physical
/*
 * Near miss: the driver allocates and never frees (a leak is not this rule's business):
 * a call the rule names is reachable, so the verdict is pass.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortAllocatePool(ext, 512, 'lkS0', &ext->Buffer) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    return TRUE;
}

#include "../_skel_end.h"
