// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * A completion DPC (initialised in HwStorInitialize) fails the LUN's requests after a
 * device reset, through a helper.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

static VOID
SkelFailLun(PSKEL_EXT ext, UCHAR lun)
{
    StorPortCompleteRequest(ext, 0, 0, lun, SRB_STATUS_ERROR);  // expect: StorPortDDIsPortOnly
}

VOID
SkelCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg2);
    if (Arg1 != NULL) {
        SkelFailLun(ext, (UCHAR)(ULONG_PTR)Arg1);
    }
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->CompletionDpc, SkelCompletionDpc);
    return TRUE;
}

#include "../_skel_end.h"
