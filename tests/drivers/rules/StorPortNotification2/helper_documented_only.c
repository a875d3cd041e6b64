// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=pass
// expect-kind: physical
/*
 * Near miss: the same helper, only ever called with documented types.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

static VOID
SkelNotify(PSKEL_EXT ext, SCSI_NOTIFICATION_TYPE type)
{
    StorPortNotification(type, ext, 0);  // ok: StorPortNotification2
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG event = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);

    if (event == 1) {
        SkelNotify(ext, BusChangeDetected);
    } else {
        SkelNotify(ext, ResetDetected);
    }
    return TRUE;
}

#include "../_skel_end.h"
