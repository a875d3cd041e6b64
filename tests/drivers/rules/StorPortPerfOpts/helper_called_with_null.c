// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=defect
// expect-kind: physical
/*
 * A helper takes the buffer from its callers; one caller passes NULL "to just enable
 * the defaults". Reported at the call in the helper.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

static VOID
SkelApplyPerf(PSKEL_EXT ext, PPERF_CONFIGURATION_DATA data)
{
    StorPortInitializePerfOpts(ext, FALSE, data);  // expect: StorPortPerfOpts
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PERF_CONFIGURATION_DATA perf;

    if (ext->Flags & 0x10) {
        RtlZeroMemory(&perf, sizeof(perf));
        perf.Version = STOR_PERF_VERSION;
        perf.Size = sizeof(perf);
        perf.Flags = STOR_PERF_DPC_REDIRECTION;
        SkelApplyPerf(ext, &perf);
    } else {
        SkelApplyPerf(ext, NULL);
    }
    return TRUE;
}

#include "../_skel_end.h"
