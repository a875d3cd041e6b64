// check-rules: SpNoWait
// expect-status: SpNoWait=defect
// expect-kind: physical
/*
 * The waits of the rule's list, one per SRB function; each call site is reported.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

typedef struct _NW_EXT {
    SKEL_EXT Base;
    KEVENT Events[2];
    PVOID EventPointers[2];
    ERESOURCE Resource;
    EX_RUNDOWN_REF Rundown;
    KMUTEX Mutex;
    HANDLE Section;
} NW_EXT, *PNW_EXT;

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNW_EXT ext = (PNW_EXT)DeviceExtension;

    switch (Srb->Function) {
    case SRB_FUNCTION_FLUSH:
        KeWaitForMultipleObjects(2, ext->EventPointers, WaitAll, Executive, KernelMode,  // expect: SpNoWait
                                 FALSE, NULL, NULL);
        break;
    case SRB_FUNCTION_SHUTDOWN:
        ExWaitForRundownProtectionRelease(&ext->Rundown);  // expect: SpNoWait
        break;
    case SRB_FUNCTION_IO_CONTROL:
        ExAcquireSharedWaitForExclusive(&ext->Resource, TRUE);  // expect: SpNoWait
        break;
    case SRB_FUNCTION_LOCK_QUEUE:
        KeWaitForMutexObject(&ext->Mutex, Executive, KernelMode, FALSE, NULL);  // expect: SpNoWait
        break;
    case SRB_FUNCTION_UNLOCK_QUEUE:
        ZwWaitForSingleObject(ext->Section, FALSE, NULL);  // expect: SpNoWait
        break;
    default:
        break;
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
