// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=defect
// expect-kind: physical
/*
 * BuildIo completes a different SRB (the one it had parked) and refuses its own.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_FLUSH && ext->Pending != NULL) {
        StorPortNotification(RequestComplete, ext, ext->Pending);
        return FALSE;  // expect: StorPortBuildIo
    }
    ext->Pending = Srb;
    return TRUE;
}

VOID
SkelKick(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Pending = (PSCSI_REQUEST_BLOCK)ext->Spare;
}

#define SKEL_OWN_INITIALIZE
BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Pending = (PSCSI_REQUEST_BLOCK)StorPortGetUncachedExtension(ext, NULL, 64);
    return TRUE;
}

#include "../_skel_end.h"
