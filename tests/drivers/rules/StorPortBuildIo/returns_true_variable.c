// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=pass
// expect-kind: physical
/*
 * Near miss: BuildIo returning a status variable that is TRUE on every path.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    BOOLEAN start = TRUE;

    UNREFERENCED_PARAMETER(DeviceExtension);
    if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->QueueAction = 0;
    }
    return start;  // ok: StorPortBuildIo
}

#include "../_skel_end.h"
