// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=not_applicable
// expect-kind: physical
/*
 * The only notification is in a debug helper nobody calls.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

VOID
SkelDebugPoke(PVOID DeviceExtension)
{
    StorPortNotification(NextRequest, DeviceExtension);
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    return TRUE;
}

#include "../_skel_end.h"
