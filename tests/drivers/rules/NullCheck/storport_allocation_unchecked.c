// check-rules: NullCheck
// expect-status: NullCheck=defect
// expect-kind: physical
/*
 * Clause 1 with a Storport allocation: StorPortAllocatePool's failure leaves the buffer
 * NULL and the driver writes through it without looking at the status.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PULONG ring;

    StorPortAllocatePool(ext, 4096, 'gniR', (PVOID *)&ring);
    ring[0] = 0;  // expect: NullCheck
    ext->Buffer = ring;
    return TRUE;
}

#include "../_skel_end.h"
