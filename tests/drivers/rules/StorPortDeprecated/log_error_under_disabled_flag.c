// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=pass
// expect-kind: physical
/*
 * Near miss: the legacy logging is behind a flag nothing sets (the device extension
 * starts zero-filled and no routine writes it), so no feasible path reaches the call:
 * the rule is applicable but passes.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

#define SKEL_LEGACY_LOG 0x100

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (ext->Flags & SKEL_LEGACY_LOG) {
        StorPortLogError(ext, Srb, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 3);  // ok: StorPortDeprecated
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
