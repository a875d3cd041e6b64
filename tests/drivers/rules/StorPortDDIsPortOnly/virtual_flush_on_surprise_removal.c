// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=defect
// expect-kind: virtual
/*
 * A virtual miniport flushes its LUN when the backing device goes away: the rule is for
 * every miniport.
 */
#include <storport.h>

typedef struct _VX_EXT {
    BOOLEAN Gone;
} VX_EXT, *PVX_EXT;

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x101;
    return SP_RETURN_FOUND;
}

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->Function == SRB_FUNCTION_REMOVE_DEVICE) {
        StorPortCompleteRequest(DeviceExtension, 0, 0, 0, SRB_STATUS_NO_DEVICE);  // expect: StorPortDDIsPortOnly
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#define SKEL_OWN_STARTIO
#include "../_skel_virtual_end.h"
