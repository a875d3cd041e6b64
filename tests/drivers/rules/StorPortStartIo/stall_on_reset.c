// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=defect
// expect-kind: physical
/*
 * StartIo waits for a device reset with StorPortStallExecution.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_RESET_DEVICE) {
        StorPortWriteRegisterUlong(ext, (PULONG)ext->Registers, 1);
        StorPortStallExecution(500);  // expect: StorPortStartIo
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
