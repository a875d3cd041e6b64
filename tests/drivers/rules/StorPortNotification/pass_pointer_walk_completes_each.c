// check-rules: StorPortNotification
// expect-status: StorPortNotification=pass
// expect-kind: physical
/*
 * Near miss: the interrupt routine walks its slot table with a pointer (`slot++`) and
 * completes the SRB each slot holds, clearing the slot first. Each iteration reads a
 * different slot, so each SRB is completed once and never used after: the addresses
 * `slot`, `slot + 1`, ... are different objects even where the analysis does not know
 * which slot the walk has reached.
 */
#include "../_skel_begin.h"
#include "_pointer_walk.h"

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PPW_EXT ext = (PPW_EXT)DeviceExtension;
    PPW_SLOT slot = ext->Slots;
    PSCSI_REQUEST_BLOCK srb;
    ULONG i;

    for (i = 0; i < PW_SLOTS; i++) {
        srb = slot->Srb;
        if (srb != NULL) {
            slot->Srb = NULL;
            srb->SrbStatus = SRB_STATUS_BUS_RESET;                  // ok: StorPortNotification
            StorPortNotification(RequestComplete, ext, srb);       // ok: StorPortNotification
        }
        slot++;
    }
    return TRUE;
}

#include "../_skel_end.h"
