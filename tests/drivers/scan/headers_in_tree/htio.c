#include "htdrv.h"

BOOLEAN
HtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=role_type
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
HtResetBus(PVOID DeviceExtension, ULONG PathId)  // expect-entry: HW_RESET_BUS by=role_type
{
    UNREFERENCED_PARAMETER(PathId);
    StorPortCompleteRequest(DeviceExtension, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}
