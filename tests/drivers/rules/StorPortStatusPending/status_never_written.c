// check-rules: StorPortStatusPending
// expect-status: StorPortStatusPending=pass
// expect-kind: physical
/*
 * Near miss: a status nobody on the path wrote (the SRB as Storport handed it over) is
 * not reported, although it might be 0.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    StorPortNotification(RequestComplete, DeviceExtension, Srb);  // ok: StorPortStatusPending
    return TRUE;
}

#include "../_skel_end.h"
