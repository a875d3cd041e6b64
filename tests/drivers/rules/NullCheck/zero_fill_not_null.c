// check-rules: NullCheck
// expect-status: NullCheck=pass
// expect-kind: physical
/*
 * Near miss: the zero fill of the device extension is not an assignment of NULL; a
 * pointer member no routine wrote is assumed valid (a precondition), as is a parameter
 * the function never tests.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static VOID
SkelTouch(PULONG counter)
{
    *counter += 1;  // ok: NullCheck
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Active->SrbFlags = 0;  // ok: NullCheck
    SkelTouch(&ext->Count);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
