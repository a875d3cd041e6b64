// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=defect
// expect-kind: physical
/*
 * HwStorInitialize queries the performance options with a NULL buffer.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortInitializePerfOpts(ext, TRUE, NULL) == STOR_STATUS_SUCCESS) {  // expect: StorPortPerfOpts
        ext->Flags |= 1;
    }
    return TRUE;
}

#include "../_skel_end.h"
