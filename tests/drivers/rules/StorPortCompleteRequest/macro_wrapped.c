// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=defect, StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * The call hides in the driver's own macro: reported where the macro is used.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

#define SKEL_FLUSH_ALL(e) StorPortCompleteRequest((e), SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_ERROR)

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) == 0xDEAD) {
        SKEL_FLUSH_ALL(ext);  // expect: StorPortCompleteRequest, StorPortDDIsPortOnly
    }
    return TRUE;
}

#include "../_skel_end.h"
