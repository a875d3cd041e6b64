// check-rules: StorPortNotification
// expect-status: StorPortNotification=defect
// expect-kind: physical
/*
 * The interrupt routine walks its slot table with a pointer (`slot++`), completes the
 * SRB of each busy slot, and then reads the completed SRB's status through the slot for
 * its statistics: the SRB belongs to Storport once it is completed. Found in each
 * iteration of the walk, wherever it is in the table.
 */
#include "../_skel_begin.h"
#include "_pointer_walk.h"

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PPW_EXT ext = (PPW_EXT)DeviceExtension;
    PPW_SLOT slot = ext->Slots;
    ULONG i;

    for (i = 0; i < PW_SLOTS; i++) {
        if (slot->Srb != NULL) {
            slot->Srb->SrbStatus = SRB_STATUS_SUCCESS;             // ok: StorPortNotification
            StorPortNotification(RequestComplete, ext, slot->Srb);
            if (slot->Srb->SrbStatus != SRB_STATUS_SUCCESS) {      // expect: StorPortNotification
                slot->Errors++;
            }
            slot->Srb = NULL;
        }
        slot++;
    }
    return TRUE;
}

#include "../_skel_end.h"
