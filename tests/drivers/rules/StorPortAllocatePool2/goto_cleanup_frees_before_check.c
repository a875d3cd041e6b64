// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=defect
// expect-kind: physical
/*
 * goto-cleanup: the second allocation's status is tested only after a jump to the common
 * exit that frees both buffers; when it failed, the free of the second gets its NULL.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PVOID first;
    PVOID second;
    BOOLEAN ok = FALSE;

    if (StorPortAllocatePool(ext, 64, 'A1ts', &first) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    StorPortAllocatePool(ext, 64, 'A2ts', &second);
    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 4) {
        goto Cleanup;
    }
    ok = TRUE;
Cleanup:
    StorPortFreePool(ext, first);
    StorPortFreePool(ext, second);  // expect: StorPortAllocatePool2
    return ok;
}

#include "../_skel_end.h"
