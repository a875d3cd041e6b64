// check-rules: SpNoWait
// expect-status: SpNoWait=defect
// expect-kind: physical
/*
 * StartIo dispatches through a table of handlers; the flush handler waits for the cache
 * to drain.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

typedef struct _NW_EXT {
    SKEL_EXT Base;
    KEVENT CacheIdle;
} NW_EXT, *PNW_EXT;

typedef VOID (*SKEL_HANDLER)(PNW_EXT, PSCSI_REQUEST_BLOCK);

static VOID
SkelExecute(PNW_EXT ext, PSCSI_REQUEST_BLOCK srb)
{
    ext->Base.Active = srb;
}

static VOID
SkelFlush(PNW_EXT ext, PSCSI_REQUEST_BLOCK srb)
{
    UNREFERENCED_PARAMETER(srb);
    KeWaitForSingleObject(&ext->CacheIdle, Executive, KernelMode, FALSE, NULL);  // expect: SpNoWait
}

static SKEL_HANDLER SkelHandlers[2] = { SkelExecute, SkelFlush };

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNW_EXT ext = (PNW_EXT)DeviceExtension;

    SkelHandlers[Srb->Function == SRB_FUNCTION_FLUSH ? 1 : 0](ext, Srb);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
