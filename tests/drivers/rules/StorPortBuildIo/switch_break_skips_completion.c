// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=defect
// expect-kind: physical
/*
 * The completion is in a switch case that breaks before reaching it for one function:
 * SRB_FUNCTION_FLUSH breaks early and shares the FALSE exit.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    BOOLEAN start = TRUE;

    switch (Srb->Function) {
    case SRB_FUNCTION_FLUSH:
        if (Srb->Lun != 0) {
            start = FALSE;
            break;
        }
        /* fall through */
    case SRB_FUNCTION_SHUTDOWN:
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        start = FALSE;
        break;
    default:
        break;
    }
    return start;  // expect: StorPortBuildIo
}

#include "../_skel_end.h"
