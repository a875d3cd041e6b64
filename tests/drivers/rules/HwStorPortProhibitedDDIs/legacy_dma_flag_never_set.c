// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=pass
// expect-kind: physical
/*
 * Near miss, infeasible: the legacy DMA path (IoGetDmaAdapter) is only taken when a
 * flag nothing sets is on.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

#define SKEL_FLAG_LEGACY_DMA 0x40

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (ext->Flags & SKEL_FLAG_LEGACY_DMA) {
        ext->Spare = IoGetDmaAdapter(NULL, NULL, NULL);  // ok: HwStorPortProhibitedDDIs
    }
    ext->Ready = TRUE;
    return TRUE;
}

#include "../_skel_end.h"
