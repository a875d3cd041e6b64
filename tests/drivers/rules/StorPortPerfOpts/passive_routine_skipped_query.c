// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=defect
// expect-kind: physical
/*
 * From the passive initialization routine: the set call reuses a pointer the query
 * branch set, but the query is skipped on the path where the adapter has one queue.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

VOID
SkelPassive(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PERF_CONFIGURATION_DATA perf;
    PPERF_CONFIGURATION_DATA supported = NULL;

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) > 1) {
        StorPortInitializePerfOpts(ext, TRUE, &perf);
        supported = &perf;
    }
    StorPortInitializePerfOpts(ext, FALSE, supported);  // expect: StorPortPerfOpts
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);
    return TRUE;
}

#include "../_skel_end.h"
