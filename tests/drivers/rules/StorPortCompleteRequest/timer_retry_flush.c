// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=defect, StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * The timer gives up on a hung command and flushes through a function pointer the
 * extension holds.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

typedef VOID (*SKEL_FLUSH)(PSKEL_EXT);
static SKEL_FLUSH SkelFlushRoutine;

static VOID
SkelFlushNow(PSKEL_EXT ext)
{
    StorPortCompleteRequest(ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_TIMEOUT);  // expect: StorPortCompleteRequest, StorPortDDIsPortOnly
}

VOID
SkelTimer(PVOID DeviceExtension)
{
    SkelFlushRoutine((PSKEL_EXT)DeviceExtension);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    SkelFlushRoutine = SkelFlushNow;
    StorPortNotification(RequestTimerCall, DeviceExtension, SkelTimer, 500000);
    return TRUE;
}

#include "../_skel_end.h"
