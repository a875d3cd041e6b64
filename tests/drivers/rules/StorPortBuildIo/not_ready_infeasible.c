// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=pass
// expect-kind: physical
/*
 * Near miss: BuildIo refuses requests while the adapter is not ready, but
 * HwStorInitialize made it ready before any BuildIo runs.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_BUILDIO

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (!ext->Ready) {
        return FALSE;  // ok: StorPortBuildIo
    }
    Srb->QueueAction = 0;
    return TRUE;
}

#include "../_skel_end.h"
