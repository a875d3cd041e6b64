// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=defect
// expect-kind: physical
/*
 * Path-sensitive: a debug check of the IRQL, only when the hardware reports a
 * diagnostic mode.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 0x10) {
        if (KeGetCurrentIrql() > DISPATCH_LEVEL) {  // expect: HwStorPortProhibitedDDIs
            ext->Count++;
        }
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
