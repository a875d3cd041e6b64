// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=defect
// expect-kind: physical
/*
 * The type comes from a table indexed by an event code the hardware reports; the last
 * entry is NextLuRequest: a path where the code selects it is a violation.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

static VOID
SkelNotify(PSKEL_EXT ext, SCSI_NOTIFICATION_TYPE type)
{
    StorPortNotification(type, ext, 0, 0, 0);  // expect: StorPortNotification2
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG event = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);

    if (event == 1) {
        SkelNotify(ext, BusChangeDetected);
    } else if (event == 2) {
        SkelNotify(ext, NextLuRequest);
    }
    return TRUE;
}

#include "../_skel_end.h"
