// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=pass
// expect-kind: physical
/*
 * Near miss: the buffer is a member of the device extension, passed by address.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

typedef struct _PERF_EXT {
    SKEL_EXT Base;
    PERF_CONFIGURATION_DATA Perf;
} PERF_EXT, *PPERF_EXT;

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PPERF_EXT ext = (PPERF_EXT)DeviceExtension;

    ext->Perf.Version = STOR_PERF_VERSION;
    ext->Perf.Size = sizeof(ext->Perf);
    StorPortInitializePerfOpts(ext, TRUE, &ext->Perf);  // ok: StorPortPerfOpts
    return TRUE;
}

#include "../_skel_end.h"
