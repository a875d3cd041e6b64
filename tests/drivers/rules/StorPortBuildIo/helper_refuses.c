// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=defect
// expect-kind: physical
/*
 * A validation helper refuses an SRB without completing it and BuildIo returns its
 * verdict: the exit of BuildIo is the violation.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

static BOOLEAN
SkelValidate(PSKEL_EXT ext, PSCSI_REQUEST_BLOCK srb)
{
    if (srb->PathId != 0 || srb->TargetId >= 8) {
        srb->SrbStatus = SRB_STATUS_INVALID_TARGET_ID;
        return FALSE;
    }
    ext->Count++;
    return TRUE;
}

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    return SkelValidate((PSKEL_EXT)DeviceExtension, Srb);  // expect: StorPortBuildIo
}

#include "../_skel_end.h"
