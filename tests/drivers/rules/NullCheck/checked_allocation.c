// check-rules: NullCheck
// expect-status: NullCheck=pass
// expect-kind: physical
/*
 * Near miss: the same allocation, tested before use.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PULONG table = (PULONG)ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'lbaT');

    if (table == NULL) {
        return FALSE;
    }
    table[0] = 1;  // ok: NullCheck
    ext->Buffer = table;
    return TRUE;
}

#include "../_skel_end.h"
