// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=not_applicable
// expect-kind: physical
/*
 * The driver frees a buffer Storport gave it but never calls StorPortAllocatePool: the
 * rule has nothing to watch.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (ext->Buffer != NULL) {
        StorPortFreePool(ext, ext->Buffer);
    }
    return TRUE;
}

#include "../_skel_end.h"
