// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=defect
// expect-kind: physical
/*
 * StartIo allocates an IRP for a pass-through request, in a helper.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static PVOID
SkelForward(PSKEL_EXT ext)
{
    UNREFERENCED_PARAMETER(ext);
    return IoAllocateIrp(2, FALSE);  // expect: StorPortStartIo
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_IO_CONTROL) {
        ext->Spare = SkelForward(ext);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
