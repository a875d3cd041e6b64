// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=defect
// expect-kind: physical
/*
 * Clause 1: a retry allocates a second block into the same pointer while the first one,
 * from the successful first allocation, is still held: the first block leaks.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortAllocatePool(ext, 128, 'tsrF', &ext->Buffer) == STOR_STATUS_SUCCESS) {
        ext->Count = 128;
    }
    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 1) {
        StorPortAllocatePool(ext, 256, 'dnoS', &ext->Buffer);  // expect: StorPortAllocatePool2
    }
    return TRUE;
}

#include "../_skel_end.h"
