// check-rules: SpNoWait
// expect-status: SpNoWait=not_applicable
// expect-kind: physical
/*
 * Nothing on the rule's list is called: StartIo only programs registers.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    StorPortWriteRegisterUlong(DeviceExtension, (PULONG)((PSKEL_EXT)DeviceExtension)->Registers,
                               Srb->DataTransferLength);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
