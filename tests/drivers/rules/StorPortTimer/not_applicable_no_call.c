// check-rules: StorPortTimer
// expect-status: StorPortTimer=not_applicable
// expect-kind: physical
/*
 * No StorPortNotification and no StorPortRequestTimer anywhere: StartIo marks the SRB
 * and leaves completion to a routine the driver never wires up.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_PENDING;
    ext->Active = Srb;
    return TRUE;
}

#include "../_skel_end.h"
