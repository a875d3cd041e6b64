// check-rules: StorPortAllocatePool
// expect-status: StorPortAllocatePool=not_applicable
// expect-kind: physical
/*
 * The only pool calls are in a diagnostics helper no entry point reaches.
 */
#include "../_skel_begin.h"

VOID
SkelDiagScratch(PSKEL_EXT ext)
{
    PVOID block;

    if (StorPortAllocatePool(ext, 64, 'gaiD', &block) == STOR_STATUS_SUCCESS) {
        StorPortFreePool(ext, block);
        StorPortFreePool(ext, block);
    }
}

#include "../_skel_end.h"
