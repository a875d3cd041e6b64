// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=defect
// expect-kind: physical
/*
 * Path-sensitive: the buffer comes from StorPortAllocatePool whose status is not
 * checked; on the failure path it is NULL.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PPERF_CONFIGURATION_DATA perf = NULL;

    StorPortAllocatePool(ext, sizeof(*perf), 'frPS', (PVOID *)&perf);
    StorPortInitializePerfOpts(ext, TRUE, perf);  // expect: StorPortPerfOpts
    return TRUE;
}

#include "../_skel_end.h"
