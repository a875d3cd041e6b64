// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=pass
// expect-kind: physical
/*
 * Near miss: the SRB is completed through a copy kept in the device extension.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Active = Srb;
    if (Srb->Function == SRB_FUNCTION_SHUTDOWN) {
        ext->Active->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, ext, ext->Active);
        ext->Active = NULL;
        return FALSE;  // ok: StorPortBuildIo
    }
    return TRUE;
}

#include "../_skel_end.h"
