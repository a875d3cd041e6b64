// check-rules: SpNoWait
// expect-status: SpNoWait=defect
// expect-kind: physical
/*
 * The allocations of the rule's list besides pool: an IRP for the lower device, a
 * locally unique id, non-cached memory and pages for an MDL.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

typedef struct _NW_EXT {
    SKEL_EXT Base;
    LUID Luid;
} NW_EXT, *PNW_EXT;

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNW_EXT ext = (PNW_EXT)DeviceExtension;
    PHYSICAL_ADDRESS low, high, skip;

    low.QuadPart = 0;
    high.QuadPart = -1;
    skip.QuadPart = 0;
    if (Srb->Function == SRB_FUNCTION_IO_CONTROL) {
        ext->Base.Spare = IoAllocateIrp(2, FALSE);  // expect: SpNoWait
        ZwAllocateLocallyUniqueId(&ext->Luid);  // expect: SpNoWait
    } else if (Srb->Function == SRB_FUNCTION_FLUSH) {
        ext->Base.Buffer = MmAllocateNonCachedMemory(4096);  // expect: SpNoWait
        ext->Base.Spare = MmAllocatePagesForMdl(low, high, skip, 4096);  // expect: SpNoWait
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
