// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=pass
// expect-kind: physical
/*
 * Near miss: the pool buffer is used only when StorPortAllocatePool succeeded.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PPERF_CONFIGURATION_DATA perf = NULL;

    if (StorPortAllocatePool(ext, sizeof(*perf), 'frPS', (PVOID *)&perf) != STOR_STATUS_SUCCESS) {
        return TRUE;
    }
    RtlZeroMemory(perf, sizeof(*perf));
    perf->Version = STOR_PERF_VERSION;
    perf->Size = sizeof(*perf);
    StorPortInitializePerfOpts(ext, TRUE, perf);  // ok: StorPortPerfOpts
    ext->Spare = perf;
    return TRUE;
}

#include "../_skel_end.h"
