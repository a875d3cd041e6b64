// check-rules: StorPortCompleteRequest, StorPortDDIsPortOnly
// expect-status: StorPortCompleteRequest=defect, StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * Stopping the adapter flushes outstanding requests with StorPortCompleteRequest.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        StorPortCompleteRequest(DeviceExtension, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED,  // expect: StorPortCompleteRequest, StorPortDDIsPortOnly
                                SRB_STATUS_ABORTED);
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
