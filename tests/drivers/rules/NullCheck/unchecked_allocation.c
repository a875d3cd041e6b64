// check-rules: NullCheck
// expect-status: NullCheck=defect
// expect-kind: physical
/*
 * Clause 1: the allocation's result is used without a test; on the path where the
 * allocation failed it is NULL.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PULONG table = (PULONG)ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'lbaT');

    table[0] = 1;  // expect: NullCheck
    ext->Buffer = table;
    return TRUE;
}

#include "../_skel_end.h"
