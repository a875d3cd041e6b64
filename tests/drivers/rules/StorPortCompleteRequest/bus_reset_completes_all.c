// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=defect, StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * The reset-bus routine completes everything outstanding with StorPortCompleteRequest
 * (both rules report the call).
 */
#include "../_skel_begin.h"
#define SKEL_HAS_RESET_BUS

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,  // expect: StorPortCompleteRequest, StorPortDDIsPortOnly
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

#include "../_skel_end.h"
