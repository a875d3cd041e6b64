// check-rules: SpNoWait
// expect-status: SpNoWait=defect
// expect-kind: physical
/*
 * StartIo waits on an event for the previous command to drain while the hardware reports
 * busy.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

typedef struct _NW_EXT {
    SKEL_EXT Base;
    KEVENT Drained;
} NW_EXT, *PNW_EXT;

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNW_EXT ext = (PNW_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Base.Registers) & 0x2) {
        KeWaitForSingleObject(&ext->Drained, Executive, KernelMode, FALSE, NULL);  // expect: SpNoWait
    }
    ext->Base.Active = Srb;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
