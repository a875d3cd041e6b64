// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=pass
// expect-kind: physical
/*
 * Near miss: the usual query-then-set pair on a local PERF_CONFIGURATION_DATA.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PERF_CONFIGURATION_DATA perf;
    ULONG status;

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    status = StorPortInitializePerfOpts(DeviceExtension, TRUE, &perf);  // ok: StorPortPerfOpts
    if (status == STOR_STATUS_SUCCESS) {
        perf.Flags &= STOR_PERF_DPC_REDIRECTION;
        StorPortInitializePerfOpts(DeviceExtension, FALSE, &perf);  // ok: StorPortPerfOpts
    }
    return TRUE;
}

#include "../_skel_end.h"
