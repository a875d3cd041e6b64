// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=defect
// expect-kind: physical
/*
 * The queue-frozen and autosense bits do not make a pending status anything else:
 * SRB_STATUS(0x40 | SRB_STATUS_PENDING) is SRB_STATUS_PENDING.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_QUEUE_FROZEN | SRB_STATUS_PENDING;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);  // expect: StorPortStatusPending
    return TRUE;
}

#include "../_skel_end.h"
