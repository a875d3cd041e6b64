// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=defect
// expect-kind: physical
/*
 * A bus reset request is answered with ResetDetected, another notification type, and
 * refused: the SRB itself is never completed.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->Function == SRB_FUNCTION_RESET_BUS) {
        StorPortNotification(ResetDetected, DeviceExtension);
        return FALSE;  // expect: StorPortBuildIo
    }
    return TRUE;
}

#include "../_skel_end.h"
