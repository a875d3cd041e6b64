// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=defect
// expect-kind: physical
/*
 * StartIo arms passive initialization for a reconfiguration request.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

VOID
SkelPassive(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->Function == SRB_FUNCTION_IO_CONTROL) {
        StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);  // expect: StorPortEnablePassive
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
