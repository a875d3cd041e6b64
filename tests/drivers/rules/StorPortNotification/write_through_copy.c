// check-rules: StorPortNotification
// expect-status: StorPortNotification=defect
// expect-kind: physical
/*
 * The same SRB through a copy kept in the extension: completed through the parameter,
 * written through the copy.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Active = Srb;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    ext->Active->SrbStatus = SRB_STATUS_ERROR;  // expect: StorPortNotification
    return TRUE;
}

#include "../_skel_end.h"
