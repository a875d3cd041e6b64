// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=pass
// expect-kind: physical
/*
 * Near miss: a type variable that the switch limits to documented values before the call.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG code = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);
    SCSI_NOTIFICATION_TYPE type;

    switch (code) {
    case 1:
        type = LinkUp;
        break;
    case 2:
        type = LinkDown;
        break;
    default:
        return FALSE;
    }
    StorPortNotification(type, ext);  // ok: StorPortNotification2
    return TRUE;
}

#include "../_skel_end.h"
