// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=pass
// expect-kind: physical
/*
 * Near miss of clause 2: a NULL the driver assigned itself (no allocation failed) passed
 * to StorPortFreePool is not this rule's business.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PVOID buffer = NULL;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 2) {
        if (StorPortAllocatePool(ext, 64, 'tpO1', &buffer) != STOR_STATUS_SUCCESS) {
            return FALSE;
        }
    }
    StorPortFreePool(ext, buffer);  // ok: StorPortAllocatePool2
    return TRUE;
}

#include "../_skel_end.h"
