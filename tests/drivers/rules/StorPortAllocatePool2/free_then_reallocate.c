// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=pass
// expect-kind: physical
/*
 * Near miss of clause 1: the block is freed before the pointer gets a bigger one, and
 * both allocations are checked.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortAllocatePool(ext, 128, 'tsrF', &ext->Buffer) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 1) {
        StorPortFreePool(ext, ext->Buffer);
        if (StorPortAllocatePool(ext, 256, 'dnoS', &ext->Buffer) != STOR_STATUS_SUCCESS) {  // ok: StorPortAllocatePool2
            return FALSE;
        }
    }
    return TRUE;
}

#include "../_skel_end.h"
