// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=pass
// expect-kind: physical
/*
 * Near miss: a loop allocates one block per element of a local array and stops at the
 * first failure; each element is its own pointer cell, so no block is overwritten.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PVOID rings[4];
    ULONG i;

    for (i = 0; i < 4; i++) {
        if (StorPortAllocatePool(ext, 1024, 'gniR', &rings[i]) != STOR_STATUS_SUCCESS) {  // ok: StorPortAllocatePool2
            return FALSE;
        }
    }
    ext->Buffer = rings[0];
    return TRUE;
}

#include "../_skel_end.h"
