// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=not_applicable, StorPortDDIsPortOnly=not_applicable
// expect-kind: physical
/*
 * The call is in a routine no entry point reaches.
 */
#include "../_skel_begin.h"

VOID
SkelUnusedFlush(PVOID DeviceExtension)
{
    StorPortCompleteRequest(DeviceExtension, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_ERROR);
}

#include "../_skel_end.h"
