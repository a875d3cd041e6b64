// check-rules: StorPortNotification
// expect-status: StorPortNotification=pass
// expect-kind: physical
/*
 * Near miss: the tag is read before the completion.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Count = Srb->QueueTag;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);  // ok: StorPortNotification
    return TRUE;
}

#include "../_skel_end.h"
