// check-rules: NullCheck
// expect-status: NullCheck=pass
// expect-kind: physical
/*
 * Clause 1 through a copy and a helper: the driver sets a pointer to NULL, copies it, and
 * a helper writes through the copy (in the helper, where the dereference is). A known
 * miss: the paths where it was and was not replaced by the SRB merge before the copy,
 * and the merged pointer is only possibly NULL, with no origin the rule can name.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static VOID
SkelStamp(PSCSI_REQUEST_BLOCK srb)
{
    srb->SrbStatus = SRB_STATUS_SUCCESS;  // todo-expect: NullCheck
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSCSI_REQUEST_BLOCK current = NULL;
    PSCSI_REQUEST_BLOCK copy;

    if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI) {
        current = Srb;
    }
    copy = current;
    if (Srb->Function == SRB_FUNCTION_FLUSH) {
        SkelStamp(copy);
    }
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
