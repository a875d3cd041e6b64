// check-rules: StorPortNotification
// expect-status: StorPortNotification=defect
// expect-kind: physical
/*
 * An srbhelper.h accessor on the completed SRB.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    SrbSetSrbStatus(Srb, SRB_STATUS_SUCCESS);
    StorPortNotification(RequestComplete, ext, Srb);
    ext->Count = SrbGetDataTransferLength(Srb);  // expect: StorPortNotification
    return TRUE;
}

#include "../_skel_end.h"
