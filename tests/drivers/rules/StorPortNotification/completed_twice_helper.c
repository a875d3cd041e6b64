// check-rules: StorPortNotification
// expect-status: StorPortNotification=defect
// expect-kind: physical
/*
 * Completed twice: a helper completes on error and the caller completes again.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static BOOLEAN
SkelValidate(PSKEL_EXT ext, PSCSI_REQUEST_BLOCK srb)
{
    if (srb->Lun != 0) {
        srb->SrbStatus = SRB_STATUS_INVALID_LUN;
        StorPortNotification(RequestComplete, ext, srb);
        return FALSE;
    }
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (!SkelValidate(ext, Srb)) {
        StorPortNotification(RequestComplete, ext, Srb);  // expect: StorPortNotification
        return TRUE;
    }
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
