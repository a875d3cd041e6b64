// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=defect
// expect-kind: physical
/*
 * StartIo guards its queue with a kernel spin lock, taken and released in helpers,
 * instead of StorPortAcquireSpinLock.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

typedef struct _PD_EXT {
    SKEL_EXT Base;
    KSPIN_LOCK QueueLock;
} PD_EXT, *PPD_EXT;

static KIRQL
SkelLockQueue(PPD_EXT ext)
{
    KIRQL old;

    KeAcquireSpinLock(&ext->QueueLock, &old);  // expect: HwStorPortProhibitedDDIs
    return old;
}

static VOID
SkelUnlockQueue(PPD_EXT ext, KIRQL old)
{
    KeReleaseSpinLock(&ext->QueueLock, old);  // expect: HwStorPortProhibitedDDIs
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPD_EXT ext = (PPD_EXT)DeviceExtension;
    KIRQL old = SkelLockQueue(ext);

    ext->Base.Active = Srb;
    SkelUnlockQueue(ext, old);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
