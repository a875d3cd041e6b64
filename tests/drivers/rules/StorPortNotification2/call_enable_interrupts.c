// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=defect
// expect-kind: physical
/*
 * Enabling interrupts through StorPortNotification is a SCSI-port call Storport does not
 * document; the documented LinkUp before it is fine.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortNotification(LinkUp, DeviceExtension);  // ok: StorPortNotification2
    StorPortNotification(CallEnableInterrupts, DeviceExtension, NULL);  // expect: StorPortNotification2
    return TRUE;
}

#include "../_skel_end.h"
