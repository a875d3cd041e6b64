// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * A Storport work item queued from StartIo flushes the queue after a link loss.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_OWN_STARTIO

typedef struct _PO_EXT {
    SKEL_EXT Base;
    PVOID Worker;
} PO_EXT, *PPO_EXT;

VOID
SkelLinkWorker(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    StorPortCompleteRequest(DeviceExtension, 0, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_NO_DEVICE);  // expect: StorPortDDIsPortOnly
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PPO_EXT ext = (PPO_EXT)DeviceExtension;

    return StorPortInitializeWorker(ext, &ext->Worker) == STOR_STATUS_SUCCESS;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPO_EXT ext = (PPO_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Base.Registers) == 0) {
        StorPortQueueWorkItem(ext, SkelLinkWorker, ext->Worker, NULL);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
