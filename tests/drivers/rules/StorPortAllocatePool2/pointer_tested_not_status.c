// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=pass
// expect-kind: physical
/*
 * Near miss: the driver tests the buffer rather than the status; the failure leaves it
 * NULL, so the test is as good as the status.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PVOID table = NULL;

    StorPortAllocatePool(DeviceExtension, 512, 'lbaT', &table);
    if (table != NULL) {
        StorPortFreePool(DeviceExtension, table);
    }
    return TRUE;
}

#include "../_skel_end.h"
