// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=pass
// expect-kind: physical
/*
 * Near miss: StartIo waits with KeWaitForSingleObject, which SpNoWait forbids, not this
 * rule (its list has the stall and the allocations only). HwStorInitialize stalls while
 * the controller comes up, which is allowed there.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    StorPortStallExecution(100);  // ok: StorPortStartIo
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    KeWaitForSingleObject(ext->Spare, Executive, KernelMode, FALSE, NULL);  // ok: StorPortStartIo
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
