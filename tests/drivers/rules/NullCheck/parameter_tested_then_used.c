// check-rules: NullCheck
// expect-status: NullCheck=defect
// expect-kind: physical
/*
 * Clause 2: a helper tests its parameter for NULL in one branch and dereferences it
 * unconditionally after.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static VOID
SkelSetSense(PSCSI_REQUEST_BLOCK srb, PUCHAR sense)
{
    if (sense == NULL) {
        srb->SrbStatus = SRB_STATUS_ERROR;
    }
    sense[0] = 0x70;  // expect: NullCheck
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    SkelSetSense(Srb, (PUCHAR)Srb->SenseInfoBuffer);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
