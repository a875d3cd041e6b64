// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=not_applicable, StorPortDDIsPortOnly=not_applicable
// expect-kind: physical
/*
 * The driver's own SkelCompleteRequest completes one SRB with StorPortNotification: a
 * routine named alike is not the DDI, and the rule has nothing to watch.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static VOID
SkelCompleteRequest(PSKEL_EXT ext, PSCSI_REQUEST_BLOCK srb, UCHAR status)
{
    srb->SrbStatus = status;
    StorPortNotification(RequestComplete, ext, srb);
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    SkelCompleteRequest((PSKEL_EXT)DeviceExtension, Srb, SRB_STATUS_SUCCESS);
    return TRUE;
}

#include "../_skel_end.h"
