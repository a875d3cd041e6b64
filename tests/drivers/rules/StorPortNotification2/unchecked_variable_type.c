// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=defect
// expect-kind: physical
/*
 * An unchecked variable: the type is read from the device extension, where the
 * interrupt routine stores what the hardware said. Any value is possible.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Count = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);
    StorPortNotification((SCSI_NOTIFICATION_TYPE)ext->Count, ext, 0);  // expect: StorPortNotification2
    return TRUE;
}

#include "../_skel_end.h"
