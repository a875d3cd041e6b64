// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=defect
// expect-kind: physical
/*
 * The pointer lives in the device extension but no routine on the path ever set it:
 * the zero-filled extension makes it NULL.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

typedef struct _PERF_EXT {
    SKEL_EXT Base;
    PPERF_CONFIGURATION_DATA Perf;
} PERF_EXT, *PPERF_EXT;

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PPERF_EXT ext = (PPERF_EXT)DeviceExtension;

    StorPortInitializePerfOpts(ext, FALSE, ext->Perf);  // expect: StorPortPerfOpts
    return TRUE;
}

#include "../_skel_end.h"
