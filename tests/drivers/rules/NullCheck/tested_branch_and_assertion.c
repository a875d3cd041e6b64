// check-rules: NullCheck
// expect-status: NullCheck=pass
// expect-kind: physical
/*
 * Near miss of clause 2: the parameter is tested, and the dereference is on the branch
 * where it is not NULL; an assertion is not a test.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static VOID
SkelSetSense(PSCSI_REQUEST_BLOCK srb, PUCHAR sense)
{
    if (sense != NULL) {
        sense[0] = 0x70;  // ok: NullCheck
    } else {
        srb->SrbStatus = SRB_STATUS_ERROR;
    }
}

static VOID
SkelMark(PUCHAR flags)
{
    ASSERT(flags != NULL);
    *flags |= 1;  // ok: NullCheck
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    SkelSetSense(Srb, (PUCHAR)Srb->SenseInfoBuffer);
    SkelMark(&Srb->QueueAction);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
