// check-rules: StorPortNotification
// expect-status: StorPortNotification=defect
// expect-kind: physical
/*
 * StartIo completes the SRB, then records its queue tag from it.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    ext->Count = Srb->QueueTag;  // expect: StorPortNotification
    return TRUE;
}

#include "../_skel_end.h"
