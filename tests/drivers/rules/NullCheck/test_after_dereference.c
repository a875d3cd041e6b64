// check-rules: NullCheck
// expect-status: NullCheck=defect
// expect-kind: physical
/*
 * Clause 2, test after the dereference: the helper reads through its parameter, and only
 * later asks whether it is NULL.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

static ULONG
SkelLength(PSCSI_REQUEST_BLOCK srb, PULONG extra)
{
    ULONG length = srb->DataTransferLength + *extra;  // expect: NullCheck

    if (extra != NULL) {
        *extra = 0;
    }
    return length;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Count = SkelLength(Srb, (PULONG)Srb->OriginalRequest);
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
