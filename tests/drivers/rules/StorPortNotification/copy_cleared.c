// check-rules: StorPortNotification
// expect-status: StorPortNotification=pass
// expect-kind: physical
/*
 * Near miss: the copy is cleared at completion and only used when set.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Active = Srb;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    ext->Active = NULL;
    StorPortNotification(RequestComplete, ext, Srb);
    if (ext->Active != NULL) {
        ext->Active->SrbStatus = SRB_STATUS_ERROR;  // ok: StorPortNotification
    }
    return TRUE;
}

#include "../_skel_end.h"
