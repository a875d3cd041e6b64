// check-rules: StorPortNotification
// expect-status: StorPortNotification=defect
// expect-kind: physical
/*
 * A helper the driver calls after the completion reads the SRB: reported inside it.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static VOID
SkelTrace(PSKEL_EXT ext, PSCSI_REQUEST_BLOCK srb)
{
    ext->Flags = srb->SrbFlags;  // expect: StorPortNotification
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    SkelTrace(ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
